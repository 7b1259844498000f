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
plot for [i=1:nos] datafile using (column('noninteractive_kb')):(strcol('os') eq oses[i] ? column('count') : 1/0) with linespoints lw 2 pt 7 title oses[i]
