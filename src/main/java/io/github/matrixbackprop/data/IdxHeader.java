package io.github.matrixbackprop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The header of an IDX file (see {@link IdxReader} for the format), read and checked, and what
 * the readers share: gzip detection and the decoding of one value.
 *
 * @param type       the element type code ({@code 0x08} ... {@code 0x0E})
 * @param size       the bytes per element
 * @param dimensions the sizes, outermost first
 * @param total      the number of values, the product of the dimensions
 */
record IdxHeader(int type, int size, int[] dimensions, long total) {

    /**
     * The stream's bytes, inflated when they start with gzip's magic bytes.
     *
     * @param raw the bytes, raw or gzip-compressed (not closed)
     * @param source the name of the input in messages
     * @return the IDX bytes, buffered
     * @throws IOException if reading fails, or a {@link MalformedDataException} for a broken gzip header
     */
    static InputStream decompressed(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            } catch (java.io.EOFException e) {
                throw new MalformedDataException(source + ": the gzip header is cut off");
            } catch (IOException e) {
                throw new MalformedDataException(source + ": a broken gzip header (" + e.getMessage() + ")");
            }
        }
        return buffered;
    }

    /**
     * Reads and checks a header: the magic number, the type, and dimensions whose product is at
     * most {@link IdxReader#MAX_VALUES}, also for the values per item.
     *
     * @param in the stream at the start of the IDX bytes
     * @param source the name of the input in messages
     * @return the header
     * @throws IOException if reading fails ({@link java.io.EOFException} if the header is cut off), or
     *     a {@link MalformedDataException} naming what is wrong
     */
    static IdxHeader read(DataInputStream in, String source) throws IOException {
        int z0 = in.readUnsignedByte();
        int z1 = in.readUnsignedByte();
        if (z0 != 0 || z1 != 0) {
            throw new MalformedDataException(String.format("%s: not an IDX file (the magic number starts with"
                    + " 0x%02x 0x%02x, not 0x00 0x00)", source, z0, z1));
        }
        int type = in.readUnsignedByte();
        int size = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new MalformedDataException(String.format("%s: unknown element type 0x%02x (known:"
                    + " 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)", source, type));
        };
        int rank = in.readUnsignedByte();
        if (rank == 0) {
            throw new MalformedDataException(source + ": the header declares 0 dimensions");
        }
        int[] dims = new int[rank];
        long total = 1;
        long item = 1; // the values per item; bounded on its own, since a zero count keeps total at 0
        for (int d = 0; d < rank; d++) {
            dims[d] = in.readInt();
            if (dims[d] < 0) {
                throw new MalformedDataException(source + ": dimension " + d + " is negative ("
                        + Integer.toUnsignedString(dims[d]) + " as unsigned)");
            }
            total *= dims[d];
            if (total > IdxReader.MAX_VALUES) {
                throw new MalformedDataException(source + ": the header declares dimensions " + describe(dims, d)
                        + ", more than " + IdxReader.MAX_VALUES + " values");
            }
            if (d > 0) {
                item *= dims[d];
            }
            if (item > IdxReader.MAX_VALUES) {
                throw new MalformedDataException(source + ": the header declares dimensions " + describe(dims, d)
                        + ", items of more than " + IdxReader.MAX_VALUES + " values");
            }
        }
        return new IdxHeader(type, size, dims, total);
    }

    /**
     * The number of values per item: the product of the dimensions after the first.
     *
     * @return the values per item (1 for one dimension)
     */
    int itemSize() {
        int n = 1;
        for (int i = 1; i < dimensions.length; i++) {
            n *= dimensions[i];
        }
        return n;
    }

    /**
     * The bytes of the header in the file.
     *
     * @return {@code 4 + 4 rank}
     */
    int headerBytes() {
        return 4 + 4 * dimensions.length;
    }

    private static String describe(int[] dims, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= upTo; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.append(upTo < dims.length - 1 ? "x..." : "").toString();
    }

    /**
     * Decodes {@code count} big-endian values of {@code type} from {@code b} into {@code out}.
     *
     * @param b the bytes
     * @param count the number of values
     * @param type the element type code
     * @param out receives the values at {@code at}
     * @param at where the first value goes
     */
    static void decode(byte[] b, int count, int type, double[] out, int at) {
        for (int i = 0; i < count; i++) {
            out[at + i] = switch (type) {
                case 0x08 -> b[i] & 0xff;
                case 0x09 -> b[i];
                case 0x0B -> (short) (((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff));
                case 0x0C -> int32(b, 4 * i);
                case 0x0D -> Float.intBitsToFloat(int32(b, 4 * i));
                default -> Double.longBitsToDouble(((long) int32(b, 8 * i) << 32) | (int32(b, 8 * i + 4) & 0xffffffffL));
            };
        }
    }

    private static int int32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
