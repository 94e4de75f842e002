package io.github.matrixbackprop.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** erf/erfc against published values (Abramowitz and Stegun table values, double-precision). */
class ErfTest {

    @ParameterizedTest(name = "erf({0})")
    @CsvSource({
        "0.1, 0.1124629160182849, 0.8875370839817152",
        "0.5, 0.5204998778130465, 0.4795001221869535",
        "1, 0.8427007929497149, 0.15729920705028513",
        "2, 0.9953222650189527, 0.004677734981047265",
        "2.49, 0.9995707121322661, 0.000429287867733913",
        "2.5, 0.999593047982555, 0.0004069520174449589",
        "3, 0.9999779095030014, 2.2090496998585438e-05",
        "4, 0.9999999845827421, 1.541725790028002e-08",
        "5, 0.9999999999984626, 1.5374597944280351e-12",
        "-1.5, -0.9661051464753108, 1.9661051464753108"})
    void matchesReferenceValues(double x, double erf, double erfc) {
        assertEquals(erf, Erf.erf(x), 2 * Math.ulp(erf));
        // erfc: absolute 4e-16 below 2.5 (computed as 1 - erf there); relative 1e-14 in the tail
        // x >= 2.5, where 1 - erf would have no digits left
        assertEquals(erfc, Erf.erfc(x), x >= 2.5 ? 1e-14 * erfc : 4e-16);
    }

    @Test
    void isOddAndComplementary() {
        for (double x = -6; x <= 6; x += 0.37) {
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0);
            assertEquals(1.0, Erf.erf(x) + Erf.erfc(x), 2e-16);
        }
    }

    @Test
    void derivativeIsGaussian() {
        // d/dx erf(x) = 2/sqrt(pi) e^{-x^2}, checked by central differences across both branches
        for (double x = -4; x <= 4; x += 0.25) {
            double h = 1e-6;
            double fd = (Erf.erf(x + h) - Erf.erf(x - h)) / (2 * h);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-x * x), fd, 1e-9, "x = " + x);
        }
    }

    @Test
    void extremesAreExact() {
        assertEquals(1.0, Erf.erf(30), 0.0);
        assertEquals(0.0, Erf.erfc(30), 0.0);
        assertEquals(2.0, Erf.erfc(-30), 0.0);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertTrue(Double.isNaN(Erf.erfc(Double.NaN)));
    }
}
