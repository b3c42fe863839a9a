package org.jdml.loss.centroid;

/**
 * The centroid choices of the centroid bound (config key {@code centroids}). {@link #ONE_HOT} and
 * {@link #SIMPLEX} put C unit-norm, pairwise equidistant centroids in R^D, which makes the bound's
 * worst-case gap smallest (Do et al. 2019, the k_max − k_min term); {@link #K_MEANS} takes them from
 * the training embeddings at the start of training, the paper's alternative.
 */
public enum Centroids {

    /** c_m = e_m: pairwise distance √2; needs D ≥ C. */
    ONE_HOT {
        @Override
        public int minimumDimension(int classes) {
            return classes;
        }

        @Override
        String requirement() {
            return "one per training class";
        }

        @Override
        double[][] build(int classes, int dimension) {
            double[][] c = new double[classes][dimension];
            for (int m = 0; m < classes; m++) {
                c[m][m] = 1;
            }
            return c;
        }
    },

    /**
     * A regular simplex: pairwise distance √(2C/(C−1)); needs D ≥ C − 1. The vertices √(C/(C−1))(e_m −
     * 1/C) of R^C lie in the hyperplane orthogonal to (1, …, 1); their coordinates in that hyperplane's
     * Helmert basis u_k = (1, …, 1, −k, 0, …, 0)/√(k(k+1)) (k ones), k = 1..C−1, fill the first C − 1
     * dimensions. An orthonormal change of basis, so norms and distances are exact.
     */
    SIMPLEX {
        @Override
        public int minimumDimension(int classes) {
            return classes - 1;
        }

        @Override
        String requirement() {
            return "training classes - 1";
        }

        @Override
        double[][] build(int classes, int dimension) {
            double[][] c = new double[classes][dimension];
            double radius = Math.sqrt(classes / (classes - 1.0));
            for (int k = 1; k < classes; k++) {
                double norm = Math.sqrt(k * (k + 1.0));
                for (int m = 0; m < k; m++) {
                    c[m][k - 1] = radius / norm;
                }
                c[k][k - 1] = -radius * k / norm;
            }
            return c;
        }
    },

    /**
     * Computed once, from the embeddings of the whole training set at the start of training (see {@link
     * KMeansCentroids}), then frozen; not equidistant in general. Any width will do.
     */
    K_MEANS {
        @Override
        public int minimumDimension(int classes) {
            return 1;
        }

        @Override
        String requirement() {
            return "any";
        }

        @Override
        double[][] build(int classes, int dimension) {
            throw new UnsupportedOperationException("k-means centroids come from the training embeddings");
        }
    };

    /** Whether the layout is fixed before training ({@link #build} works). */
    boolean fixed() {
        return this != K_MEANS;
    }

    /** The smallest embedding that holds the layout for {@code classes} classes. */
    public abstract int minimumDimension(int classes);

    /** Why {@link #minimumDimension}, in words for error messages. */
    abstract String requirement();

    /** The (C, D) centroids, one per row; needs C ≥ 2 and D ≥ {@link #minimumDimension}. */
    abstract double[][] build(int classes, int dimension);
}
