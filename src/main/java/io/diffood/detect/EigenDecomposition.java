package io.diffood.detect;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Eigenvalues and orthonormal eigenvectors of a real symmetric matrix, by cyclic Jacobi rotations (accurate to
 * machine precision even for tiny eigenvalues, fast enough for the 128 x 128 covariance of the demo features).
 * Values in descending order; {@code vectors[i]} is the unit eigenvector of {@code values[i]}.
 */
public record EigenDecomposition(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    /** Decomposes the symmetric part (A + A^T) / 2 of a square matrix. */
    public static EigenDecomposition of(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][n];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + matrix[i].length + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (matrix[i][j] + matrix[j][i]);
            }
            v[i][i] = 1;
        }
        diagonalize(a, v);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> a[i][i]).reversed());
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int rank = 0; rank < n; rank++) {
            int column = order[rank];
            values[rank] = a[column][column];
            for (int row = 0; row < n; row++) {
                vectors[rank][row] = v[row][column];
            }
        }
        return new EigenDecomposition(values, vectors);
    }

    /** V diag(f(values)) V^T: the matrix function of the decomposed matrix, e.g. its inverse for f = 1/x. */
    public double[][] apply(DoubleUnaryOperator f) {
        int n = values.length;
        double[][] result = new double[n][n];
        for (int k = 0; k < n; k++) {
            double weight = f.applyAsDouble(values[k]);
            double[] u = vectors[k];
            for (int i = 0; i < n; i++) {
                double wi = weight * u[i];
                for (int j = 0; j < n; j++) {
                    result[i][j] += wi * u[j];
                }
            }
        }
        return result;
    }

    // Numerical Recipes' jacobi: threshold rotations in the first sweeps, and off-diagonal entries too small to
    // change the diagonal are set to zero, so the loop ends when the off-diagonal part is exactly zero.
    private static void diagonalize(double[][] a, double[][] v) {
        int n = a.length;
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double offDiagonal = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    offDiagonal += Math.abs(a[p][q]);
                }
            }
            if (offDiagonal == 0) {
                return;
            }
            double threshold = sweep < 4 ? 0.2 * offDiagonal / (n * n) : 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double g = 100 * Math.abs(a[p][q]);
                    if (sweep > 4 && Math.abs(a[p][p]) + g == Math.abs(a[p][p]) && Math.abs(a[q][q]) + g == Math.abs(a[q][q])) {
                        a[p][q] = 0;
                        a[q][p] = 0;
                    } else if (Math.abs(a[p][q]) > threshold) {
                        rotate(a, v, p, q, g);
                    }
                }
            }
        }
        throw new ArithmeticException("Jacobi eigenvalue iteration did not converge in " + MAX_SWEEPS + " sweeps");
    }

    /** One rotation that zeroes a[p][q]. */
    private static void rotate(double[][] a, double[][] v, int p, int q, double g) {
        double apq = a[p][q];
        double diff = a[q][q] - a[p][p];
        double t;
        if (Math.abs(diff) + g == Math.abs(diff)) {
            t = apq / diff; // theta so large that t = 1 / (2 theta)
        } else {
            double theta = 0.5 * diff / apq;
            t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
            if (theta < 0) {
                t = -t;
            }
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double s = t * c;
        double tau = s / (1 + c);
        a[p][p] -= t * apq;
        a[q][q] += t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        for (int j = 0; j < a.length; j++) {
            if (j != p && j != q) {
                double ajp = a[j][p];
                double ajq = a[j][q];
                a[j][p] = ajp - s * (ajq + ajp * tau);
                a[j][q] = ajq + s * (ajp - ajq * tau);
                a[p][j] = a[j][p];
                a[q][j] = a[j][q];
            }
            double vjp = v[j][p];
            double vjq = v[j][q];
            v[j][p] = vjp - s * (vjq + vjp * tau);
            v[j][q] = vjq + s * (vjp - vjq * tau);
        }
    }
}
