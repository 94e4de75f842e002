package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by
 * its magic bytes).
 *
 * <p>Format: two zero bytes; a type byte ({@code 0x08} unsigned byte, {@code 0x09} signed byte,
 * {@code 0x0B} 16-bit, {@code 0x0C} 32-bit integer, {@code 0x0D} float, {@code 0x0E} double); the
 * number of dimensions; each dimension as a big-endian 32-bit integer; then the values,
 * big-endian, row-major. The reader checks every part and that the data is exactly as long as
 * the header says. It keeps the bytes as they arrive (after decompression) and allocates the
 * values only once all of them have arrived, so a forged header cannot make it allocate more
 * than about the data the stream actually holds: a file that claims more values than it has is
 * reported as truncated. Errors are {@link MalformedDataException}s naming the file. Stateless
 * and thread-safe.
 */
public final class IdxReader {

    /** The largest number of values accepted (what one Java array can hold). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** The size of the chunks the data is read in (a multiple of every element size). */
    private static final int CHUNK = 1 << 20;

    private IdxReader() {
    }

    /**
     * Reads a raw or gzip-compressed IDX file.
     *
     * @param file the file, raw or gzip-compressed
     * @return the array with its dimensions and values
     * @throws java.io.IOException if the file cannot be read, with a message naming {@code file} (e.g. a
     *     {@link java.nio.file.NoSuchFileException}, or a {@link java.nio.file.FileSystemException} for a
     *     directory), or a {@link MalformedDataException} if it is not a valid IDX file
     */
    public static IdxArray read(Path file) throws IOException {
        Checks.notNull(file, "file");
        try (InputStream in = Files.newInputStream(DataFiles.readable(file))) {
            return read(in, file.getFileName().toString());
        } catch (MalformedDataException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw DataFiles.failed(file, e);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip, not closed); {@code source} names it in errors.
     *
     * @param raw the bytes, raw or gzip-compressed
     * @param source the name of the input in error messages
     * @return the array with its dimensions and values
     * @throws java.io.IOException if reading fails, or a {@link MalformedDataException} if the data is not a
     *     valid IDX file
     */
    public static IdxArray read(InputStream raw, String source) throws IOException {
        Checks.notNull(raw, "input stream");
        InputStream in = IdxHeader.decompressed(raw, source);
        try {
            return parse(new DataInputStream(in), source);
        } catch (EOFException e) {
            throw new MalformedDataException(source + ": the file ends inside the header");
        } catch (java.util.zip.ZipException e) {
            throw new MalformedDataException(source + ": corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    private static IdxArray parse(DataInputStream in, String source) throws IOException {
        IdxHeader header = IdxHeader.read(in, source);
        int[] dims = header.dimensions();
        long total = header.total();
        int size = header.size();
        int type = header.type();
        // the bytes as they arrive, in chunks of at most 1 MiB: memory follows the data, not the header
        List<byte[]> chunks = new ArrayList<>();
        long bytes = total * size;
        long read = 0;
        while (read < bytes) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, bytes - read)];
            int got = readFully(in, chunk, chunk.length);
            read += got;
            if (got < chunk.length) {
                throw new MalformedDataException(source + ": the header declares " + total + " values ("
                        + Arrays.toString(dims) + ") but the data ends after " + read / size);
            }
            chunks.add(chunk);
        }
        int extra;
        try {
            extra = in.read();
        } catch (EOFException truncatedStream) {
            throw new MalformedDataException(source + ": the compressed stream is cut off after the "
                    + total + " values the header declares");
        }
        if (extra != -1) {
            throw new MalformedDataException(source + ": there is data after the " + total + " values the header"
                    + " declares (" + Arrays.toString(dims) + ")");
        }
        double[] values = new double[(int) total];
        int at = 0;
        for (int k = 0; k < chunks.size(); k++) {
            byte[] chunk = chunks.set(k, null);
            IdxHeader.decode(chunk, chunk.length / size, type, values, at);
            at += chunk.length / size;
        }
        return new IdxArray(dims, values);
    }

    /** Reads up to {@code len} bytes; fewer only at the end of the data (a truncated gzip stream counts as the end). */
    static int readFully(InputStream in, byte[] buf, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r;
            try {
                r = in.read(buf, n, len - n);
            } catch (EOFException truncatedStream) {
                break;
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /**
     * Images and labels as a classification dataset: each image flattened to a row with its
     * unsigned-byte pixels scaled to {@code [0, 1]} (divided by 255); labels one-hot over
     * {@code classes}.
     *
     * @param images the IDX file of unsigned-byte images, {@code count x rows x columns}
     * @param labels the IDX file of unsigned-byte labels, {@code count}
     * @param classes the number of classes, {@code > 0}
     * @return the dataset, one image per row
     * @throws MalformedDataException if the files do not fit together (counts, types, label range)
     */
    public static Dataset images(Path images, Path labels, int classes) throws IOException {
        IdxArray img = read(images);
        IdxArray lab = read(labels);
        String src = images.getFileName() + " and " + labels.getFileName();
        if (lab.dimensions().length != 1) {
            throw new MalformedDataException(labels.getFileName() + ": labels must have 1 dimension but have "
                    + lab.dimensions().length);
        }
        if (img.count() != lab.count()) {
            throw new MalformedDataException(src + ": " + img.count() + " images but " + lab.count() + " labels");
        }
        if (img.count() == 0 || img.itemSize() == 0) {
            throw new MalformedDataException(src + ": no images");
        }
        int[] y = new int[lab.count()];
        for (int i = 0; i < y.length; i++) {
            double v = lab.values()[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new MalformedDataException(labels.getFileName() + ": label " + v + " of item " + i
                        + " is not a class in 0.." + (classes - 1));
            }
            y[i] = (int) v;
        }
        double[] px = img.values();
        for (int i = 0; i < px.length; i++) {
            px[i] /= 255.0;
        }
        DMatrixRMaj x = DMatrixRMaj.wrap(img.count(), img.itemSize(), px);
        return new Dataset(x, Labels.oneHot(y, classes));
    }

    /**
     * The training and test sets of an MNIST-style directory with the files
     * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}
     * and {@code t10k-labels-idx1-ubyte}, each raw or with {@code .gz}; ten classes.
     *
     * @param dir the directory
     * @return the training and the test set
     * @throws java.nio.file.NoSuchFileException naming the first file that is missing
     */
    public static TrainTest directory(Path dir) throws IOException {
        Path trainImages = find(dir, "train-images-idx3-ubyte");
        Path trainLabels = find(dir, "train-labels-idx1-ubyte");
        Path testImages = find(dir, "t10k-images-idx3-ubyte");
        Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
        return new TrainTest(images(trainImages, trainLabels, 10), images(testImages, testLabels, 10));
    }

    private static Path find(Path dir, String name) throws IOException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new java.nio.file.NoSuchFileException(dir.resolve(name) + "[.gz]", null,
                "an MNIST-style directory needs this file");
    }
}
