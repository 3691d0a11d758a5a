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
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import io.diffood.tools.data.Dataset;
import io.diffood.diffusion.DdimSampler;
import io.diffood.diffusion.Trajectory;

/**
 * A visual check of a trained denoiser: per class (the first {@link #PER_ROW}) a row of guided DDIM samples from
 * pure noise, then held-out images (one per class), each noised to t = 120, 240, 480 (a noisy row and a denoised
 * row per t), with the function's own sampler, as the scorer does. Colour models give a colour sheet.
 */
final class SampleSheet {

    static final double GUIDANCE = 2.0;
    static final int STRIDE = 20;
    static final int[] RECONSTRUCTION_T = {120, 240, 480};
    private static final int PER_ROW = 10;
    private static final int SCALE = 2;
    private static final int GAP = 6;

    private final ExportedModel denoiser;
    private final NoiseSchedule schedule;
    private final int classes;
    private final int height;
    private final int width;
    private final int channels;
    private final int size;

    SampleSheet(ExportedModel denoiser, NoiseSchedule schedule, int classes) {
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.classes = classes;
        this.height = denoiser.shape().height();
        this.width = denoiser.shape().width();
        this.channels = denoiser.shape().channels();
        this.size = denoiser.shape().size();
    }

    /** Writes the sheet; rows of 10 images, sections separated by a gap. */
    void write(Path png, Dataset test, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<float[]>> sections = new ArrayList<>();

        int shown = Math.min(classes, PER_ROW);
        int n = shown * PER_ROW;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / PER_ROW;
        }
        // from pure noise at t = 999: 50 DDIM steps of 20, the last one to the clean image
        sections.add(rows(ddim(gaussian(random, n), labels, ScheduleSettings.DDPM_LINEAR.steps() - 1)));

        int[] examples = examples(test);
        float[] originals = test.floats(examples, -1f, 1f);
        int[] trueLabels = new int[PER_ROW];
        for (int k = 0; k < PER_ROW; k++) {
            trueLabels[k] = test.label(examples[k]);
        }
        List<float[]> reconstruction = new ArrayList<>(rows(originals));
        float[] noise = gaussian(random, PER_ROW);
        for (int t0 : RECONSTRUCTION_T) {
            float[] noisy = new float[originals.length];
            for (int k = 0; k < PER_ROW; k++) {
                int from = k * size;
                float[] x = Trajectory.noised(schedule, Arrays.copyOfRange(originals, from, from + size),
                        Arrays.copyOfRange(noise, from, from + size), t0, trueLabels[k]).image();
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
        int pixels = size;
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            trajectories.add(Trajectory.at(Arrays.copyOfRange(x, i * pixels, (i + 1) * pixels), t0, labels[i]));
        }
        new DdimSampler(schedule, STRIDE, GUIDANCE, classes).denoise(trajectories, denoiser::eps);
        float[] out = new float[x.length];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(trajectories.get(i).image(), 0, out, i * pixels, pixels);
        }
        return out;
    }

    private float[] gaussian(SplittableRandom random, int images) {
        float[] z = new float[images * size];
        for (int p = 0; p < z.length; p++) {
            z[p] = (float) random.nextGaussian();
        }
        return z;
    }

    /** The first image of each class, then the next images, up to {@link #PER_ROW}, in class order. */
    private static int[] examples(Dataset data) {
        List<Integer> chosen = new ArrayList<>();
        boolean[] seen = new boolean[data.classes().size()];
        for (int i = 0; i < data.count() && chosen.size() < PER_ROW; i++) {
            if (!seen[data.label(i)]) {
                seen[data.label(i)] = true;
                chosen.add(i);
            }
        }
        for (int i = 0; chosen.size() < PER_ROW && i < data.count(); i++) {
            if (!chosen.contains(i)) {
                chosen.add(i);
            }
        }
        for (int i = 0; chosen.size() < PER_ROW; i++) { // fewer held-out images than a row: repeat them
            chosen.add(chosen.get(i));
        }
        chosen.sort(Comparator.comparingInt(data::label));
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Splits images into rows of {@link #PER_ROW}. */
    private List<float[]> rows(float[] images) {
        List<float[]> rows = new ArrayList<>();
        int rowLength = PER_ROW * size;
        for (int start = 0; start < images.length; start += rowLength) {
            rows.add(Arrays.copyOfRange(images, start, start + rowLength));
        }
        return rows;
    }

    private BufferedImage render(List<List<float[]>> sections) {
        int rowCount = sections.stream().mapToInt(List::size).sum();
        int cellWidth = width * SCALE;
        int cellHeight = height * SCALE;
        int sheetWidth = PER_ROW * cellWidth;
        int sheetHeight = rowCount * cellHeight + (sections.size() - 1) * GAP;
        BufferedImage sheet = new BufferedImage(sheetWidth, sheetHeight,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE); // white gaps between sections
        g.fillRect(0, 0, sheetWidth, sheetHeight);
        g.dispose();
        int y0 = 0;
        for (List<float[]> section : sections) {
            for (float[] row : section) {
                for (int k = 0; k < PER_ROW; k++) {
                    for (int p = 0; p < height * width; p++) {
                        int rgb = 0;
                        for (int c = 0; c < 3; c++) {
                            double v = Math.max(-1, Math.min(1, row[k * size + p * channels + Math.min(c, channels - 1)]));
                            rgb = rgb << 8 | (int) Math.round((v + 1) * 127.5);
                        }
                        for (int dy = 0; dy < SCALE; dy++) {
                            for (int dx = 0; dx < SCALE; dx++) {
                                sheet.setRGB(k * cellWidth + p % width * SCALE + dx, y0 + p / width * SCALE + dy, rgb);
                            }
                        }
                    }
                }
                y0 += cellHeight;
            }
            y0 += GAP;
        }
        return sheet;
    }
}
