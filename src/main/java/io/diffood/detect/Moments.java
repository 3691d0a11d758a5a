package io.diffood.detect;

/**
 * First and second moments of labelled training features, in doubles: the class means, the overall mean, the
 * shared (within-class) covariance of Mahalanobis and the total covariance of the residual, both divided by n.
 */
record Moments(double[][] classMeans, double[] mean, double[][] withinClassCovariance, double[][] totalCovariance) {

    static Moments of(float[][] features, int[] labels, int numClasses) {
        int n = features.length;
        if (n == 0 || labels.length != n) {
            throw new IllegalArgumentException(n + " feature rows and " + labels.length + " labels");
        }
        int dim = features[0].length;
        double[][] classMeans = new double[numClasses][dim];
        int[] counts = new int[numClasses];
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("label " + c + " of row " + i + " is outside [0, " + numClasses + ")");
            }
            if (features[i].length != dim) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length + " values, row 0 has " + dim);
            }
            counts[c]++;
            for (int j = 0; j < dim; j++) {
                classMeans[c][j] += features[i][j];
                mean[j] += features[i][j];
            }
        }
        for (int c = 0; c < numClasses; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no training features");
            }
            scale(classMeans[c], 1.0 / counts[c]);
        }
        scale(mean, 1.0 / n);

        double[][] within = new double[dim][dim];
        double[] centred = new double[dim];
        for (int i = 0; i < n; i++) {
            double[] classMean = classMeans[labels[i]];
            for (int j = 0; j < dim; j++) {
                centred[j] = features[i][j] - classMean[j];
            }
            addOuterUpper(within, centred, 1.0);
        }
        // total = within + between: the spread of the class means around the overall mean, weighted by class size
        double[][] total = new double[dim][dim];
        for (int a = 0; a < dim; a++) {
            System.arraycopy(within[a], a, total[a], a, dim - a);
        }
        for (int c = 0; c < numClasses; c++) {
            for (int j = 0; j < dim; j++) {
                centred[j] = classMeans[c][j] - mean[j];
            }
            addOuterUpper(total, centred, counts[c]);
        }
        return new Moments(classMeans, mean, symmetric(within, 1.0 / n), symmetric(total, 1.0 / n));
    }

    private static void addOuterUpper(double[][] sum, double[] x, double weight) {
        for (int a = 0; a < x.length; a++) {
            double wa = weight * x[a];
            double[] row = sum[a];
            for (int b = a; b < x.length; b++) {
                row[b] += wa * x[b];
            }
        }
    }

    /** Scales the upper triangle and mirrors it below the diagonal. */
    private static double[][] symmetric(double[][] upper, double factor) {
        for (int a = 0; a < upper.length; a++) {
            for (int b = a; b < upper.length; b++) {
                upper[a][b] *= factor;
                upper[b][a] = upper[a][b];
            }
        }
        return upper;
    }

    private static void scale(double[] v, double factor) {
        for (int j = 0; j < v.length; j++) {
            v[j] *= factor;
        }
    }
}
