/**
 * Training curves as a PNG image, drawn with XChart ({@code org.knowm.xchart:xchart}), an optional
 * dependency: the rest of the library runs without it, and {@link HistoryPlot} says what to add
 * when it is missing. The only package that uses XChart (above {@code train}, below {@code demo}).
 */
package io.github.matrixbackprop.plot;
