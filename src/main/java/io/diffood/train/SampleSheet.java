package io.diffood.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import io.diffood.data.LabeledImages;

/**
 * A visual check of a trained denoiser: per class a row of guided DDIM samples from pure noise,
 * then held-out images (one per class), each noised to t = 120, 240, 360 (a noisy row and a
 * denoised row per t), as the scorer does. The DDIM loop here serves only this sheet.
 */
final class SampleSheet {

    static final double GUIDANCE = 2.0;
    static final int STRIDE = 20;
    static final int[] RECONSTRUCTION_T = {120, 240, 360};
    private static final int SIZE = DenoiserNet.SIZE;
    private static final int PER_ROW = 10;
    private static final int SCALE = 2;
    private static final int GAP = 6;

    private final ExportedModel denoiser;
    private final NoiseSchedule schedule;

    SampleSheet(ExportedModel denoiser, NoiseSchedule schedule) {
        this.denoiser = denoiser;
        this.schedule = schedule;
    }

    /** Writes the sheet; rows of 10 images, sections separated by a gap. */
    void write(Path png, LabeledImages test, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<float[]>> sections = new ArrayList<>();

        int n = DenoiserNet.CLASSES * PER_ROW;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / PER_ROW;
        }
        // 50 DDIM steps: 999, then 980, 960, ..., 20, then the clean image
        int[] fromNoise = new int[50];
        fromNoise[0] = NoiseSchedule.T - 1;
        for (int i = 1; i < fromNoise.length; i++) {
            fromNoise[i] = 1000 - STRIDE * i;
        }
        sections.add(rows(ddim(gaussian(random, n), labels, fromNoise)));

        int[] firstOfClass = firstOfEachClass(test);
        float[] originals = new float[PER_ROW * SIZE * SIZE];
        for (int k = 0; k < PER_ROW; k++) {
            System.arraycopy(Evaluation.pixels(test, firstOfClass[k], 1, -1f, 1f), 0, originals, k * SIZE * SIZE,
                    SIZE * SIZE);
        }
        int[] trueLabels = new int[PER_ROW];
        for (int k = 0; k < PER_ROW; k++) {
            trueLabels[k] = test.label(firstOfClass[k]);
        }
        List<float[]> reconstruction = new ArrayList<>(rows(originals));
        float[] noise = gaussian(random, PER_ROW);
        for (int t0 : RECONSTRUCTION_T) {
            float[] noisy = new float[originals.length];
            double a = Math.sqrt(schedule.alphaBar(t0));
            double b = Math.sqrt(1 - schedule.alphaBar(t0));
            for (int p = 0; p < noisy.length; p++) {
                noisy[p] = (float) (a * originals[p] + b * noise[p]);
            }
            int[] steps = new int[t0 / STRIDE];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = t0 - STRIDE * i;
            }
            reconstruction.addAll(rows(noisy));
            reconstruction.addAll(rows(ddim(noisy, trueLabels, steps)));
        }
        sections.add(reconstruction);
        ImageIO.write(render(sections), "png", png.toFile());
    }

    /** Deterministic guided DDIM through the given timesteps, ending at abar = 1. */
    private float[] ddim(float[] x, int[] labels, int[] timesteps) {
        int n = labels.length;
        int pixels = SIZE * SIZE;
        float[] doubled = new float[2 * x.length];
        int[] bothLabels = new int[2 * n];
        int[] t = new int[2 * n];
        for (int i = 0; i < n; i++) {
            bothLabels[i] = labels[i];
            bothLabels[n + i] = DenoiserNet.NULL_CLASS;
        }
        float[] current = x.clone();
        for (int s = 0; s < timesteps.length; s++) {
            int now = timesteps[s];
            double abar = schedule.alphaBar(now);
            double abarNext = s + 1 < timesteps.length ? schedule.alphaBar(timesteps[s + 1]) : 1.0;
            System.arraycopy(current, 0, doubled, 0, current.length);
            System.arraycopy(current, 0, doubled, current.length, current.length);
            Arrays.fill(t, now);
            float[] eps = denoiser.eps(doubled, t, bothLabels);
            for (int p = 0; p < n * pixels; p++) {
                double e = (1 + GUIDANCE) * eps[p] - GUIDANCE * eps[n * pixels + p];
                double x0 = (current[p] - Math.sqrt(1 - abar) * e) / Math.sqrt(abar);
                current[p] = (float) (Math.sqrt(abarNext) * x0 + Math.sqrt(1 - abarNext) * e);
            }
        }
        return current;
    }

    private static float[] gaussian(SplittableRandom random, int images) {
        float[] z = new float[images * SIZE * SIZE];
        for (int p = 0; p < z.length; p++) {
            z[p] = (float) random.nextGaussian();
        }
        return z;
    }

    private static int[] firstOfEachClass(LabeledImages data) {
        int[] first = new int[DenoiserNet.CLASSES];
        Arrays.fill(first, -1);
        for (int i = 0; i < data.count(); i++) {
            if (first[data.label(i)] < 0) {
                first[data.label(i)] = i;
            }
        }
        return first;
    }

    /** Splits images into rows of {@link #PER_ROW}. */
    private static List<float[]> rows(float[] images) {
        List<float[]> rows = new ArrayList<>();
        int rowLength = PER_ROW * SIZE * SIZE;
        for (int start = 0; start < images.length; start += rowLength) {
            rows.add(Arrays.copyOfRange(images, start, start + rowLength));
        }
        return rows;
    }

    private static BufferedImage render(List<List<float[]>> sections) {
        int rowCount = sections.stream().mapToInt(List::size).sum();
        int cell = SIZE * SCALE;
        int width = PER_ROW * cell;
        int height = rowCount * cell + (sections.size() - 1) * GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int y0 = 0;
        for (List<float[]> section : sections) {
            for (float[] row : section) {
                for (int k = 0; k < PER_ROW; k++) {
                    for (int p = 0; p < SIZE * SIZE; p++) {
                        double v = Math.max(-1, Math.min(1, row[k * SIZE * SIZE + p]));
                        int grey = (int) Math.round((v + 1) * 127.5);
                        int rgb = grey << 16 | grey << 8 | grey;
                        for (int dy = 0; dy < SCALE; dy++) {
                            for (int dx = 0; dx < SCALE; dx++) {
                                sheet.setRGB(k * cell + p % SIZE * SCALE + dx, y0 + p / SIZE * SCALE + dy, rgb);
                            }
                        }
                    }
                }
                y0 += cell;
            }
            y0 += GAP;
        }
        return sheet;
    }
}
