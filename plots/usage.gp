# usage.gp — `dheapsim plot --kind usage`: used % of every desktop heap over
# the run (one data block per desktop from plot_usage.c), a 100 % line, the
# first failure and the largest drop of a curve marked. Reads paramfile
# (titles, names) and datafile.
load paramfile
# The notes (failure, drop) sit in the top margin, under the title, never
# on a curve; the marks in the graph are drawn behind the curves.
set title plot_title."\n".plot_scenario."\n".plot_config offset 0, char (nnotes * 1.1 + 0.5)
set tmargin title_lines * 1.3 + nnotes * 1.1 + 1.6
set xlabel 'operations applied (scenario steps; each repeat counts one)'
set ylabel 'heap used (%)'
set yrange [0:110]
# room right of the last point for the drop's arrow
set xrange [0:xmax * 1.06 + 0.5]
set ytics ('0' 0, '20' 20, '40' 40, '60' 60, '80' 80, '100 = full' 100)
if (xmax < 10) { set xtics 1 }
set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead back dt 2 lc rgb '#c00000' lw 1.5
do for [i=1:nnotes] {
    set label 100+i note[i] at screen 0.012, graph 1 offset 0, char (nnotes - i + 0.9) left tc rgb note_colour[i]
}
if (has_fail) {
    set arrow 2 from first fail_x, graph 0 to first fail_x, graph 1 nohead back lc rgb '#e07070' lw 1.5
    if (fail_in_heap) {
        set object 1 circle at first fail_x, first fail_y size char 0.6 fc rgb '#c00000' fs solid front
    }
}
if (has_drop) {
    # a double arrow beside the fall, just right of it
    drop_ax = drop_x + 0.025 * xmax + 0.2
    set arrow 4 from first drop_ax, first drop_from to first drop_ax, first drop_to heads filled size char 0.8,20 lw 2 lc rgb '#222222' front
}
more = ndesk - ntitled
if (more > 0) {
    if (aggregated) {
        plot for [i=0:ntitled-1] datafile index i using 1:2 with lines lw 2 title desk[i+1], \
             datafile index ntitled using 1:2 with lines lw 1.5 lc rgb '#999999' title sprintf('%d more desktops: the fullest of them', more)
    } else {
        plot for [i=0:ntitled-1] datafile index i using 1:2 with lines lw 2 title desk[i+1], \
             for [i=ntitled:ndesk-1] datafile index i using 1:2 with lines lw 1 lc rgb '#bbbbbb' notitle, \
             keyentry with lines lw 1 lc rgb '#bbbbbb' title sprintf('%d more desktops', more)
    }
} else {
    plot for [i=0:ntitled-1] datafile index i using 1:2 with lines lw 2 title desk[i+1]
}
