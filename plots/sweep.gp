# sweep.gp — `dheapsim plot --kind sweep`: how many repeats succeeded per
# SharedSection 3rd value, one line per swept key (OS profile, session view
# space): one data block per series from plot_plan.c, each its own colour
# and legend entry, never joined to another.
load paramfile
set title plot_title."\n".plot_scenario."\n".plot_config offset 0, char 1.6
set tmargin title_lines * 1.3 + 2.8
set xlabel 'SharedSection 3rd value: non-interactive desktop heap (KB)'
set ylabel sweep_ylabel
set yrange [0:*]
set offsets graph 0.03, graph 0.03, graph 0.08, 0
# today_kb / want / rec_kb come from `plot SCENARIO --kind sweep` (0: none);
# their labels sit above the graph, over their lines, not on a curve.
if (exists('today_kb') && today_kb > 0) {
    set arrow 1 from first today_kb, graph 0 to first today_kb, graph 1 nohead back dt 2 lc rgb '#444444'
    set label 1 sprintf('today: %d KB', today_kb) at first today_kb, graph 1 offset 0, char 0.6 center tc rgb '#444444'
}
if (exists('rec_kb') && rec_kb > 0) {
    set arrow 2 from first rec_kb, graph 0 to first rec_kb, graph 1 nohead back dt 3 lw 2 lc rgb '#c00000'
    set label 2 sprintf('smallest with %d on %s: %d KB', want, series[1], rec_kb) at first rec_kb, graph 1 offset 0, char 1.7 center tc rgb '#c00000'
}
array pts[6] = [7, 5, 9, 11, 13, 15]
array col[10] = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22']
plot for [i=1:nseries] datafile index (i-1) using 1:2 with linespoints lw 2 pt pts[(i-1)%6+1] ps 1.2 lc rgb col[(i-1)%10+1] title series[i]
