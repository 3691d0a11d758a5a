package io.diffood.tools.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An IDX image file with its label file, named the MNIST way:
 * {@code <split>-images-idx3-ubyte.gz} and {@code <split>-labels-idx1-ubyte.gz}.
 */
public record LabeledImages(IdxImages images, byte[] labels, List<Path> files) {

    public LabeledImages {
        if (labels.length != images.count()) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
        }
    }

    /** Loads split {@code train} or {@code t10k} from a directory in the MNIST layout. */
    public static LabeledImages load(Path dir, String split) throws IOException {
        Path imageFile = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labelFile = dir.resolve(split + "-labels-idx1-ubyte.gz");
        return new LabeledImages(IdxReader.readImages(imageFile), IdxReader.readLabels(labelFile),
                List.of(imageFile, labelFile));
    }

    public int count() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i] & 0xff;
    }
}
