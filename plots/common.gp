# common.gp — terminal and style every dheapsim chart shares; the program
# puts it in front of each chart's script. Variables the program sets:
# fmt ('png' or 'svg'), outfile, paramfile, datafile.
if (fmt eq 'svg') {
    set terminal svg size 960,600 font 'Sans,12' background rgb 'white'
} else {
    set terminal pngcairo size 1000,620 font 'Sans,11' background rgb 'white'
}
set output outfile
set termoption noenhanced
set encoding utf8
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
set key outside below center horizontal Left reverse samplen 2 spacing 1.1 maxcols 3
set title font ',13'
