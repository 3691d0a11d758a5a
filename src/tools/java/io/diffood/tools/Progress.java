package io.diffood.tools;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/** The tools' progress bars: on stderr (stdout stays for results), ASCII, redrawn once a second with rate and ETA. */
public final class Progress {

    private Progress() {
    }

    public static ProgressBar bar(String task, String unit, long initial, long total) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .startsFrom(initial, Duration.ZERO)
                .setInitialMax(total)
                .build();
    }
}
