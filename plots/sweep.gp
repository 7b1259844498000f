# sweep.gp — `dheapsim plot --kind sweep --data FILE.csv`: the CSV of
# `dheapsim sweep SCEN --grow LABEL --shared-section A:B:STEP --format csv`
# read by column name: how many repeats succeeded per 3rd value, per OS.
load paramfile
set datafile separator comma
set datafile columnheaders
set title plot_title."\n".plot_scenario."\n".plot_config
set xlabel 'SharedSection 3rd value: non-interactive desktop heap (KB)'
set ylabel 'repeats that succeeded before the first failure'
set yrange [0:*]
set key inside left top
# today_kb / want / rec_kb come from `plot SCENARIO --kind sweep` (0: none).
if (exists('today_kb') && today_kb > 0) {
    set arrow 1 from first today_kb, graph 0 to first today_kb, graph 1 nohead dt 2 lc rgb '#444444'
    set label 1 sprintf('today: %d KB', today_kb) at first today_kb, graph 0.95 left offset 0.5,0 tc rgb '#444444'
}
if (exists('rec_kb') && rec_kb > 0) {
    set arrow 2 from first rec_kb, graph 0 to first rec_kb, graph 1 nohead dt 3 lw 2 lc rgb '#c00000'
    set label 2 sprintf('smallest with %d: %d KB', want, rec_kb) at first rec_kb, graph 0.87 left offset 0.5,0 tc rgb '#c00000'
}
plot for [i=1:nos] datafile using (column('noninteractive_kb')):(strcol('os') eq oses[i] ? column('count') : 1/0) with linespoints lw 2 pt 7 title oses[i]
