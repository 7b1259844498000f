# usage.gp — `dheapsim plot --kind usage`: used % of every desktop heap over
# the run (one data block per desktop from plot_usage.c), a 100 % line and
# the first failure marked. Reads paramfile (titles, names) and datafile.
load paramfile
set title plot_title."\n".plot_scenario."\n".plot_config
set xlabel 'operations applied (scenario steps; each repeat counts one)'
set ylabel 'heap used (%)'
set yrange [0:110]
set xrange [0:xmax * 1.04 + 0.5]
set ytics 0,20,100
if (xmax < 10) { set xtics 1 }
set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead dt 2 lc rgb '#c00000' lw 1.5
set label 1 'heap full (100 %)' at graph 0.01, first 103 tc rgb '#c00000'
if (has_fail) {
    set arrow 2 from first fail_x, graph 0 to first fail_x, graph 1 nohead lc rgb '#c00000' lw 2
    fail_text = fail_label."\n".fail_what."\n".fail_symptom
    if (fail_x < 0.45 * xmax) {
        set label 2 fail_text at first fail_x, graph 0.6 left offset 1,0 tc rgb '#c00000' front
    } else {
        set label 2 fail_text at first fail_x, graph 0.6 right offset -1,0 tc rgb '#c00000' front
    }
    if (fail_in_heap) {
        set object 1 circle at first fail_x, first fail_y size char 0.6 fc rgb '#c00000' fs solid front
    }
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
