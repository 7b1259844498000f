# viewspace.gp — `dheapsim plot --kind viewspace`: one session's view space
# over the run, stacked by consumer (columns from plot_viewspace.c), its
# size as a line, the reservation fallback and the first Event 244 marked;
# what the marks mean is said in the top margin, never on the areas.
load paramfile
set title plot_title."\n".plot_scenario."\n".plot_config offset 0, char (nnotes * 1.1 + 0.5)
set tmargin title_lines * 1.3 + nnotes * 1.1 + 1.6
do for [i=1:nnotes] {
    set label 100+i note[i] at screen 0.012, graph 1 offset 0, char (nnotes - i + 0.9) left tc rgb note_colour[i]
}
set xlabel 'operations applied (scenario steps; each repeat counts one)'
set ylabel 'session view space (MB)'
set xrange [0:xmax * 1.04 + 0.5]
set yrange [0:*]
set style fill solid 0.85 border lc rgb '#ffffff'
if (has_244) {
    set arrow 1 from first x_244, graph 0 to first x_244, graph 1 nohead lc rgb '#c00000' lw 2 front
}
if (xmax < 10) { set xtics 1 }
# colours: shared heap, other, then one per desktop; 'more desktops' grey
array col[11] = ['#4e79a7', '#bab0ac', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#17becf']
colour(i) = (has_more && i == nlayers) ? '#999999' : col[(i - 1) % 11 + 1]
# top of layer i: sum of columns 2..i+1
top(i) = sum [c=2:i+1] column(c)
if (has_fallback) {
    plot for [i=nlayers:1:-1] datafile using 1:(top(i)/1024.0) with filledcurves x1 lc rgb colour(i) title layer[i], \
         datafile using 1:(column(sizecol)/1024.0) with steps lw 2.5 lc rgb '#000000' title size_label, \
         need_kb/1024.0 with lines dt 2 lw 2 lc rgb '#7a4b00' title 'reservation asked at session start'
} else {
    plot for [i=nlayers:1:-1] datafile using 1:(top(i)/1024.0) with filledcurves x1 lc rgb colour(i) title layer[i], \
         datafile using 1:(column(sizecol)/1024.0) with steps lw 2.5 lc rgb '#000000' title size_label
}
