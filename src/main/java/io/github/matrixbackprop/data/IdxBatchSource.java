package io.github.matrixbackprop.data;

import io.github.matrixbackprop.util.Checks;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * IDX image and label files (raw or gzip-compressed, as {@link IdxReader} reads them) as a
 * {@link BatchSource} that reads them from disk for every epoch instead of loading them: memory
 * holds the shuffle buffer and one image, whatever the size of the files.
 *
 * <p>Rows are what {@link IdxReader#images} makes of the files: each image flattened, its values
 * divided by 255; its label one-hot over {@code classes}. When the source is opened, both headers
 * are checked (and that they fit together, as {@code IdxReader.images} checks), the label file is
 * read in full to check every label, and a raw image file's length is checked against its
 * header; a compressed image file that is cut off or has data after the declared values is
 * reported when an epoch reaches its end. An image value that is not finite (float and double
 * files) is an error naming the item.
 *
 * <p>Shuffling: within a buffer of {@code bufferRows} rows, exactly as {@link StreamedEpoch}
 * describes; without it the items come in file order. {@link BatchSource.Epoch#origin} names the
 * image file and the item (from 0). Immutable once opened; one epoch at a time.
 */
public final class IdxBatchSource implements BatchSource {

    private final Path images;
    private final Path labels;
    private final int classes;
    private final int bufferRows;
    private final IdxHeader imageHeader;

    private IdxBatchSource(Path images, Path labels, int classes, int bufferRows, IdxHeader imageHeader) {
        this.images = images;
        this.labels = labels;
        this.classes = classes;
        this.bufferRows = bufferRows;
        this.imageHeader = imageHeader;
    }

    /**
     * Opens an image file and its label file and checks them (see the class comment).
     *
     * @param images the IDX file of images, {@code count x ...}, raw or gzip-compressed
     * @param labels the IDX file of labels, {@code count}, raw or gzip-compressed
     * @param classes the number of classes, {@code > 0}
     * @param bufferRows the rows of the shuffle buffer, {@code >= 1}
     * @return the source
     * @throws IOException if a file cannot be read (naming it), or a {@link MalformedDataException} if they
     *     are not valid IDX files or do not fit together (counts, dimensions, label range)
     * @throws IllegalArgumentException if {@code classes < 1} or {@code bufferRows < 1}
     */
    public static IdxBatchSource open(Path images, Path labels, int classes, int bufferRows) throws IOException {
        Checks.notNull(images, "image file");
        Checks.notNull(labels, "label file");
        Checks.positive(classes, "number of classes");
        Checks.positive(bufferRows, "shuffle buffer rows");
        IdxHeader img = checked(images, () -> {
            try (InputStream raw = Files.newInputStream(DataFiles.readable(images))) {
                InputStream in = IdxHeader.decompressed(raw, images.getFileName().toString());
                IdxHeader h = IdxHeader.read(new DataInputStream(in), images.getFileName().toString());
                if (isRaw(images)) {
                    checkLength(images, h);
                }
                return h;
            }
        });
        IdxHeader lab = checked(labels, () -> checkLabels(labels, classes, img));
        String both = images.getFileName() + " and " + labels.getFileName();
        if (lab.dimensions().length != 1) {
            throw new MalformedDataException(labels.getFileName() + ": labels must have 1 dimension but have "
                    + lab.dimensions().length);
        }
        if (img.dimensions()[0] != lab.dimensions()[0]) {
            throw new MalformedDataException(both + ": " + img.dimensions()[0] + " images but "
                    + lab.dimensions()[0] + " labels");
        }
        if (img.dimensions()[0] == 0 || img.itemSize() == 0) {
            throw new MalformedDataException(both + ": no images");
        }
        return new IdxBatchSource(images, labels, classes, bufferRows, img);
    }

    @Override
    public int featureCount() {
        return imageHeader.itemSize();
    }

    @Override
    public int targetWidth() {
        return classes;
    }

    @Override
    public long size() {
        return imageHeader.dimensions()[0];
    }

    /**
     * Opens a pass over the files.
     *
     * @param epoch the epoch, {@code >= 0}
     * @param seed seeds the shuffle buffer (with {@code epoch}, see {@link StreamedEpoch#epochSeed})
     * @param shuffle whether to shuffle the items within the buffer
     * @return the epoch's batches, to be closed
     * @throws IOException if a file cannot be opened
     */
    @Override
    public Epoch epoch(int epoch, long seed, boolean shuffle) throws IOException {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0 but was " + epoch);
        }
        return checked(images, () -> new IdxEpoch(shuffle ? bufferRows : 0, StreamedEpoch.epochSeed(seed, epoch)));
    }

    /** One pass: an image and its label at a time. */
    private final class IdxEpoch extends StreamedEpoch {

        private final String imageName = images.getFileName().toString();
        private final String labelName = labels.getFileName().toString();
        private final InputStream imageFile;
        private final InputStream labelFile;
        private final DataInputStream imageData;
        private final DataInputStream labelData;
        private final IdxHeader labelHeader;
        private final byte[] item;
        private final byte[] label;
        private final double[] value = new double[1];
        private long next;

        IdxEpoch(int buffer, long seed) throws IOException {
            super(imageHeader.itemSize(), 1, classes, buffer, seed);
            imageFile = Files.newInputStream(images);
            InputStream lf = null;
            try {
                imageData = new DataInputStream(IdxHeader.decompressed(imageFile, imageName));
                IdxHeader.read(imageData, imageName);
                lf = Files.newInputStream(labels);
                labelData = new DataInputStream(IdxHeader.decompressed(lf, labelName));
                labelHeader = IdxHeader.read(labelData, labelName);
            } catch (IOException | RuntimeException e) {
                imageFile.close();
                if (lf != null) {
                    lf.close();
                }
                throw e;
            }
            labelFile = lf;
            item = new byte[imageHeader.itemSize() * imageHeader.size()];
            label = new byte[labelHeader.size()];
        }

        @Override
        boolean read(double[] x, int xOffset, double[] t, int tOffset) throws IOException {
            long count = size();
            if (next == count) {
                return false;
            }
            int n = imageHeader.itemSize();
            int got = readData(imageData, item, imageName);
            if (got < item.length) {
                throw new MalformedDataException(imageName + ": the header declares " + imageHeader.total()
                        + " values (" + Arrays.toString(imageHeader.dimensions()) + ") but the data ends after "
                        + (next * n + got / imageHeader.size()));
            }
            if (readData(labelData, label, labelName) < label.length) {
                throw new MalformedDataException(labelName + ": the labels end after " + next + " of " + count);
            }
            IdxHeader.decode(item, n, imageHeader.type(), x, xOffset);
            for (int k = 0; k < n; k++) {
                double v = x[xOffset + k] / 255.0;
                if (!Double.isFinite(v)) {
                    throw new MalformedDataException(imageName + ": item " + next + " holds " + x[xOffset + k]
                            + " at value " + k + ", which is not finite");
                }
                x[xOffset + k] = v;
            }
            IdxHeader.decode(label, 1, labelHeader.type(), value, 0);
            t[tOffset] = classOf(value[0], next, labelName, classes);
            next++;
            return true;
        }

        @Override
        long position() {
            return next - 1;
        }

        @Override
        String describe(long position) {
            return imageName + " item " + position;
        }

        @Override
        void expand(double[] t, int tOffset, double[] y, int yOffset) {
            for (int k = 0; k < classes; k++) {
                y[yOffset + k] = 0.0;
            }
            y[yOffset + (int) t[tOffset]] = 1.0;
        }

        @Override
        void finish() throws IOException {
            atEnd(imageData, imageName, imageHeader);
            atEnd(labelData, labelName, labelHeader);
        }

        @Override
        public void close() throws IOException {
            try {
                imageFile.close();
            } finally {
                labelFile.close();
            }
        }
    }

    /** Reads {@code b.length} bytes unless the data ends first; a broken gzip stream is malformed data. */
    private static int readData(InputStream in, byte[] b, String name) throws IOException {
        try {
            return IdxReader.readFully(in, b, b.length);
        } catch (ZipException e) {
            throw new MalformedDataException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    /** The end of a file's data must be the end of the file, as {@link IdxReader} requires. */
    private static void atEnd(InputStream in, String name, IdxHeader h) throws IOException {
        int extra;
        try {
            extra = in.read();
        } catch (EOFException truncatedStream) {
            throw new MalformedDataException(name + ": the compressed stream is cut off after the " + h.total()
                    + " values the header declares");
        } catch (ZipException e) {
            throw new MalformedDataException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        }
        if (extra != -1) {
            throw new MalformedDataException(name + ": there is data after the " + h.total() + " values the header"
                    + " declares (" + Arrays.toString(h.dimensions()) + ")");
        }
    }

    private static int classOf(double v, long item, String labelName, int classes) throws MalformedDataException {
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw new MalformedDataException(labelName + ": label " + v + " of item " + item
                    + " is not a class in 0.." + (classes - 1));
        }
        return (int) v;
    }

    /** Reads the label file in full: header, every label a class, no more and no fewer values than declared. */
    private static IdxHeader checkLabels(Path labels, int classes, IdxHeader images) throws IOException {
        String name = labels.getFileName().toString();
        try (InputStream raw = Files.newInputStream(DataFiles.readable(labels))) {
            DataInputStream in = new DataInputStream(IdxHeader.decompressed(raw, name));
            IdxHeader h = IdxHeader.read(in, name);
            if (h.dimensions().length != 1 || h.dimensions()[0] != images.dimensions()[0]) {
                return h; // the caller names the mismatch
            }
            byte[] one = new byte[h.size()];
            double[] value = new double[1];
            for (long i = 0; i < h.total(); i++) {
                if (readData(in, one, name) < one.length) {
                    throw new MalformedDataException(name + ": the header declares " + h.total() + " values ("
                            + Arrays.toString(h.dimensions()) + ") but the data ends after " + i);
                }
                IdxHeader.decode(one, 1, h.type(), value, 0);
                classOf(value[0], i, name, classes);
            }
            atEnd(in, name, h);
            return h;
        }
    }

    /** A raw file's length must be its header's and values' bytes. */
    private static void checkLength(Path file, IdxHeader h) throws IOException {
        long expected = h.headerBytes() + h.total() * h.size();
        long actual = Files.size(file);
        String name = file.getFileName().toString();
        if (actual < expected) {
            throw new MalformedDataException(name + ": the header declares " + h.total() + " values ("
                    + Arrays.toString(h.dimensions()) + ") but the data ends after "
                    + (actual - h.headerBytes()) / h.size());
        }
        if (actual > expected) {
            throw new MalformedDataException(name + ": there is data after the " + h.total() + " values the header"
                    + " declares (" + Arrays.toString(h.dimensions()) + ")");
        }
    }

    private static boolean isRaw(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return !(in.read() == 0x1f && in.read() == 0x8b);
        }
    }

    /** An I/O action on {@code file} whose errors name it, as {@link IdxReader}'s do. */
    private interface FileAction<T> {
        T run() throws IOException;
    }

    private static <T> T checked(Path file, FileAction<T> action) throws IOException {
        try {
            return action.run();
        } catch (EOFException e) {
            throw new MalformedDataException(file.getFileName() + ": the file ends inside the header");
        } catch (ZipException e) {
            throw new MalformedDataException(file.getFileName() + ": corrupt gzip data (" + e.getMessage() + ")");
        } catch (MalformedDataException | FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw DataFiles.failed(file, e);
        }
    }
}
