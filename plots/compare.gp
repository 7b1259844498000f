# compare.gp — `dheapsim plot --kind compare`: what differs per Windows
# version for this workload, one row per profile (data and texts from
# plot_plan.c): how far the workload got (the grown step's count, coloured
# by what stopped it), how full its fullest desktop heap got, and how much
# session view space it used of the size (dynamic: what was used). Each
# panel's numbers are a column of text right of it: no label on a bar.
load paramfile
h = 300 + 22 * nrows
h = h < 620 ? 620 : h
if (fmt eq 'svg') {
    set terminal svg size 1200,h font 'Sans,12' background rgb 'white'
} else {
    set terminal pngcairo size 1200,h font 'Sans,11' background rgb 'white'
}
set output outfile
set termoption noenhanced
top = 1.0 - (title_lines * 21.0 + 46) / h
bottom = (84.0 + 17 * 4) / h
set multiplot title plot_title."\n".plot_scenario."\n".plot_config font ',13'
set key off
set border 3
set grid xtics lc rgb '#dddddd'
set tmargin at screen top
set bmargin at screen bottom
set yrange [0.4:nrows + 0.6]
set ytics scale 0 font ',10'
set xtics font ',9'
set ytics ('' 0)
do for [i=1:nrows] { set ytics add (rowname[i] nrows - i + 1) }
set style fill solid 0.9 noborder
# log axes: a tic every decade, every second one past four decades
logtics(lo, hi) = log10(hi / lo) > 4.5 ? 100 : 10
hb = 0.32
pt = top + 12.0 / h
key_y = bottom - 66.0 / h

# ---- how far the workload got
set lmargin at screen 0.12
set rmargin at screen 0.29
set label 1 cap_title at screen 0.12, screen pt left font ',10'
set xlabel cap_xlabel.(cap_log ? ' (log scale)' : '') font ',9'
if (cap_log) {
    set logscale x 10
    lo = 0.7
    set xrange [lo:cap_max * 2.5]
    set xtics logtics(lo, cap_max * 2.5) nomirror
    set format x '%.0f'
} else {
    lo = 0
    set xrange [0:cap_max * 1.08]
}
do for [i=1:nrows] {
    set label 10+i captext[i] at screen 0.295, first (nrows - i + 1) left font ',9'
}
if (!has_caps) { unset xtics }
do for [k=1:(has_caps ? noutcomes : 0)] {
    set object 100+k rectangle from screen 0.12, screen key_y - (k - 1) * 17.0 / h - 5.0 / h to screen 0.135, screen key_y - (k - 1) * 17.0 / h + 5.0 / h fc rgb outcome_colour[k] fs solid noborder
    set label 100+k outcome_name[k] at screen 0.14, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
plot datafile using ($2 > lo ? $2 : NaN):1:(lo):($2 > lo ? $2 : NaN):($1 - hb):($1 + hb):3 with boxxyerror lc rgb variable notitle
unset logscale x
unset label
unset object
set format x '% h'
set xtics autofreq nomirror

# ---- the fullest desktop heap
set lmargin at screen 0.42
set rmargin at screen 0.56
set ytics ('' 0)
set label 1 heap_title at screen 0.42, screen pt left font ',10'
set xlabel 'peak used, % of the heap' font ',9'
set xrange [0:100]
set xtics ('0' 0, '25' 25, '50' 50, '75' 75, '100' 100) nomirror
if (!has_pcts) { unset xtics; set xlabel '(no peak in the CSV)' font ',9' }
set arrow 1 from first 100, graph 0 to first 100, graph 1 nohead back dt 2 lc rgb '#c00000'
do for [i=1:nrows] {
    set label 10+i heaptext[i] at screen 0.565, first (nrows - i + 1) left font ',9'
}
k = 0
if (heap_failed_any) {
    k = k + 1
    set object 100+k rectangle from screen 0.42, screen key_y - (k - 1) * 17.0 / h - 5.0 / h to screen 0.435, screen key_y - (k - 1) * 17.0 / h + 5.0 / h fc rgb '#e15759' fs solid noborder
    set label 100+k 'the heap of the first failure' at screen 0.44, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
if (heap_ok_any) {
    k = k + 1
    set object 100+k rectangle from screen 0.42, screen key_y - (k - 1) * 17.0 / h - 5.0 / h to screen 0.435, screen key_y - (k - 1) * 17.0 / h + 5.0 / h fc rgb '#8c9fb5' fs solid noborder
    set label 100+k 'fullest heap (no failure in it)' at screen 0.44, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
plot datafile using 4:1:(0):4:($1 - hb):($1 + hb):5 with boxxyerror lc rgb variable notitle
unset label
unset object
unset arrow

# ---- session view space: used (most one session mapped) and the size
set lmargin at screen 0.70
set rmargin at screen 0.83
set ytics ('' 0)
set label 1 'session view space: most used, and its size' at screen 0.70, screen pt left font ',10'
set xlabel 'MB (log scale)' font ',9'
set logscale x 10
set format x '%g'
vlo = view_min_kb / 1024.0 / 3
set xrange [vlo:view_max_kb / 1024.0 * 3]
set xtics logtics(vlo, view_max_kb / 1024.0 * 3) nomirror
do for [i=1:nrows] {
    set label 10+i viewtext[i] at screen 0.835, first (nrows - i + 1) left font ',9'
}
k = 0
if (view_fixed) {
    k = k + 1
    set object 100+k rectangle from screen 0.70, screen key_y - (k - 1) * 17.0 / h - 5.0 / h to screen 0.715, screen key_y - (k - 1) * 17.0 / h + 5.0 / h fc rgb '#d4d4d4' fs solid noborder
    set label 100+k 'size (fixed)' at screen 0.72, screen key_y - (k - 1) * 17.0 / h left font ',9'
    k = k + 1
    set object 100+k rectangle from screen 0.70, screen key_y - (k - 1) * 17.0 / h - 3.0 / h to screen 0.715, screen key_y - (k - 1) * 17.0 / h + 3.0 / h fc rgb '#4e79a7' fs solid noborder
    set label 100+k 'used' at screen 0.72, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
if (view_cap) {
    k = k + 1
    set object 100+k rectangle from screen 0.70, screen key_y - (k - 1) * 17.0 / h - 5.0 / h to screen 0.715, screen key_y - (k - 1) * 17.0 / h + 5.0 / h fc rgb '#777777' fs empty border lc rgb '#777777' dt 2
    set label 100+k 'cap of a dynamic view space' at screen 0.72, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
if (view_dynamic) {
    k = k + 1
    set object 100+k rectangle from screen 0.70, screen key_y - (k - 1) * 17.0 / h - 3.0 / h to screen 0.715, screen key_y - (k - 1) * 17.0 / h + 3.0 / h fc rgb '#59a8a0' fs solid noborder
    set label 100+k 'dynamic: what it grew to' at screen 0.72, screen key_y - (k - 1) * 17.0 / h left font ',9'
}
plot datafile using ($8 == 0 && $7 > 0 ? $7 / 1024.0 : NaN):1:(vlo):($7 / 1024.0):($1 - hb):($1 + hb) with boxxyerror fs solid 1.0 noborder lc rgb '#d4d4d4' notitle, \
     datafile using ($8 == 1 && $7 > 0 ? $7 / 1024.0 : NaN):1:(vlo):($7 / 1024.0):($1 - hb):($1 + hb) with boxxyerror lc rgb '#777777' dt 2 lw 1.2 fs empty notitle, \
     datafile using ($6 / 1024.0):1:(vlo):($6 / 1024.0):($1 - 0.17):($1 + 0.17):($8 == 1 ? 0x59a8a0 : 0x4e79a7) with boxxyerror fs solid 1.0 noborder lc rgb variable notitle
unset multiplot
