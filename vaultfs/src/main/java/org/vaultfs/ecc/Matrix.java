package org.vaultfs.ecc;

/** Small dense matrices over GF(256); only used to build coding matrices, never per byte. */
final class Matrix {
    private Matrix() {
    }

    static byte[][] vandermonde(int rows, int cols) {
        byte[][] m = new byte[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = (byte) Galois.power(r, c);
            }
        }
        return m;
    }

    static byte[][] times(byte[][] a, byte[][] b) {
        int n = a.length;
        int inner = b.length;
        int cols = b[0].length;
        byte[][] out = new byte[n][cols];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < cols; c++) {
                int v = 0;
                for (int k = 0; k < inner; k++) {
                    v ^= Galois.multiply(a[r][k] & 0xff, b[k][c] & 0xff);
                }
                out[r][c] = (byte) v;
            }
        }
        return out;
    }

    /** Gauss-Jordan inverse of a square matrix. */
    static byte[][] invert(byte[][] m) {
        int n = m.length;
        byte[][] work = new byte[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(m[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            byte[] tmp = work[pivot];
            work[pivot] = work[col];
            work[col] = tmp;
            int scale = Galois.inverse(work[col][col] & 0xff);
            scaleRow(work[col], scale);
            for (int r = 0; r < n; r++) {
                int factor = work[r][col] & 0xff;
                if (r != col && factor != 0) {
                    subtractScaled(work[r], work[col], factor);
                }
            }
        }
        byte[][] inv = new byte[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(work[r], n, inv[r], 0, n);
        }
        return inv;
    }

    private static void scaleRow(byte[] row, int scale) {
        for (int i = 0; i < row.length; i++) {
            row[i] = (byte) Galois.multiply(row[i] & 0xff, scale);
        }
    }

    private static void subtractScaled(byte[] target, byte[] source, int factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= (byte) Galois.multiply(source[i] & 0xff, factor);
        }
    }
}
