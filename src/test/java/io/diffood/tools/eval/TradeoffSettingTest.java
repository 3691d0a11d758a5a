package io.diffood.tools.eval;

import io.diffood.score.Space;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TradeoffSettingTest {

    @Test
    void parsesSpaceTimestepsAndRepeats() {
        List<TradeoffSetting> settings = TradeoffSetting.parseList("240/1; features:120,240,360/4;");
        assertEquals(List.of(new TradeoffSetting(Space.LOGITS, List.of(240), 1),
                new TradeoffSetting(Space.FEATURES, List.of(120, 240, 360), 4)), settings);
        assertEquals("t=240 R=1", settings.get(0).label());
        assertEquals("t=120,240,360 R=4 (features)", settings.get(1).label());
        assertEquals(5, TradeoffSetting.parseList(TradeoffSetting.DEFAULTS).size());
    }

    @Test
    void refusesMalformedSettings() {
        assertThrows(IllegalArgumentException.class, () -> TradeoffSetting.parse("240"));
        assertThrows(IllegalArgumentException.class, () -> TradeoffSetting.parse("pixels:240/1"));
        assertThrows(NumberFormatException.class, () -> TradeoffSetting.parse("a/1"));
    }
}
