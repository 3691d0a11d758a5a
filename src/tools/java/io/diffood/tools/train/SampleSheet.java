package io.diffood.tools.train;

import io.diffood.diffusion.ScheduleSettings;
import io.diffood.diffusion.NoiseSchedule;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import io.diffood.tools.data.LabeledImages;
import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.Trajectory;

/**
 * A visual check of a trained denoiser: per class a row of guided DDIM samples from pure noise,
 * then held-out images (one per class), each noised to t = 120, 240, 360 (a noisy row and a
 * denoised row per t), with the function's own sampler, as the scorer does.
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
        // from pure noise at t = 999: 50 DDIM steps of 20, the last one to the clean image
        sections.add(rows(ddim(gaussian(random, n), labels, ScheduleSettings.DDPM_LINEAR.steps() - 1)));

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
            for (int k = 0; k < PER_ROW; k++) {
                int from = k * SIZE * SIZE;
                float[] x = Trajectory.noised(schedule, Arrays.copyOfRange(originals, from, from + SIZE * SIZE),
                        Arrays.copyOfRange(noise, from, from + SIZE * SIZE), t0, trueLabels[k]).image();
                System.arraycopy(x, 0, noisy, from, x.length);
            }
            reconstruction.addAll(rows(noisy));
            reconstruction.addAll(rows(ddim(noisy, trueLabels, t0)));
        }
        sections.add(reconstruction);
        ImageIO.write(render(sections), "png", png.toFile());
    }

    /** The function's own guided DDIM, from timestep t0 down to the clean image, for images given at t0. */
    private float[] ddim(float[] x, int[] labels, int t0) {
        int pixels = SIZE * SIZE;
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            trajectories.add(Trajectory.at(Arrays.copyOfRange(x, i * pixels, (i + 1) * pixels), t0, labels[i]));
        }
        new DdimSampler(schedule, STRIDE, GUIDANCE, DenoiserNet.NULL_CLASS).denoise(trajectories, denoiser::eps);
        float[] out = new float[x.length];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(trajectories.get(i).image(), 0, out, i * pixels, pixels);
        }
        return out;
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
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE); // white gaps between sections
        g.fillRect(0, 0, width, height);
        g.dispose();
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
