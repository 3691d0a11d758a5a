package io.diffood.tools.eval;

import io.diffood.score.ScoreSettings;
import io.diffood.score.Space;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One row of the cost/quality trade-off: scoring space, start timesteps and repeats, written
 * {@code [features:]120,240,360/4}; a list of them is separated by ';'.
 */
record TradeoffSetting(Space space, List<Integer> timesteps, int repeats) {

    /**
     * t = 480 alone and the default timesteps with one repeat, the defaults themselves (taken from the main run at no
     * cost, so that they are compared on the same images), the default timesteps with four repeats, the reference.
     */
    static final String DEFAULTS = "480/1;120,480/1;120,480/2;120,480/4;120,240,360/4";

    static List<TradeoffSetting> parseList(String text) {
        return Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).map(TradeoffSetting::parse)
                .toList();
    }

    static TradeoffSetting parse(String text) {
        String rest = text;
        Space space = Space.LOGITS;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            space = Space.valueOf(rest.substring(0, colon).toUpperCase(Locale.ROOT));
            rest = rest.substring(colon + 1);
        }
        String[] parts = rest.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a trade-off setting is [space:]t1,t2,.../repeats, not '" + text + "'");
        }
        List<Integer> timesteps = Arrays.stream(parts[0].split(",")).map(String::strip).map(Integer::valueOf).toList();
        return new TradeoffSetting(space, timesteps, Integer.parseInt(parts[1].strip()));
    }

    ScoreSettings settings(long seed) {
        return new ScoreSettings(timesteps, repeats, seed);
    }

    String label() {
        String t = timesteps.size() == 1 ? "t=" + timesteps.get(0)
                : "t=" + String.join(",", timesteps.stream().map(String::valueOf).toList());
        return t + " R=" + repeats + (space == Space.LOGITS ? "" : " (" + space.name().toLowerCase() + ")");
    }
}
