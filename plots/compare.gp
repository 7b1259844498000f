# compare.gp — `dheapsim plot --kind compare --data FILE.csv`: the CSV of
# `dheapsim compare SCEN --os all --format csv` read by column name: heap
# sizes per Windows version (top) and session view space used/size (bottom).
load paramfile
set datafile separator comma
set datafile columnheaders
set multiplot layout 2,1 title plot_title."\n".plot_scenario."\n".plot_config
set style fill solid 0.9 border -1
set boxwidth 0.18
set xrange [-0.6:nrows-0.4]
set xtics rotate by -20
set ylabel 'heap size (KB, log scale)'
set logscale y 2
set yrange [32:65536]
set ytics (64, 256, 1024, 4096, 16384, 65536)
plot datafile using ($0-0.3):(column('interactive_kb')):xtic(1) with boxes title 'interactive (SharedSection 2nd)', \
     datafile using ($0-0.1):(column('noninteractive_kb')) with boxes title 'non-interactive (3rd)', \
     datafile using ($0+0.1):(column('winlogon_kb')) with boxes title 'Winlogon', \
     datafile using ($0+0.3):(column('disconnect_kb') > 0 ? column('disconnect_kb') : 1/0) with boxes title 'Disconnect'
unset logscale y
set ytics autofreq
set ylabel 'session view space (MB)'
set yrange [0:*]
set offsets 0, 0, graph 0.35, 0
set boxwidth 0.3
isyes(s) = (s eq 'true' || s eq 'yes' || s eq '1')
plot datafile using ($0-0.16):(column('view_size_kb')/1024.0):xtic(1) with boxes lc rgb '#bbbbbb' title 'size (0 = dynamic)', \
     datafile using ($0+0.16):(column('view_used_kb')/1024.0) with boxes lc rgb '#1f77b4' title 'used at the end', \
     datafile using ($0+0.16):(column('view_used_kb')/1024.0):(isyes(strcol('fallback')) ? 'fallback' : '') with labels offset 0,0.8 tc rgb '#7a4b00' notitle, \
     datafile using ($0-0.16):(0):(column('view_size_kb') == 0 ? 'dynamic' : '') with labels rotate by 90 left offset 0,0.4 font ',8' notitle, \
     datafile using ($0):(column('view_size_kb') > column('view_used_kb') ? column('view_size_kb')/1024.0 : column('view_used_kb')/1024.0):(strcol('first_failure_step') ne '' && strcol('first_failure_step') ne '0' ? 'fails: step '.strcol('first_failure_step') : '') with labels rotate by 90 left offset 0,0.6 font ',8' tc rgb '#c00000' notitle
unset multiplot
