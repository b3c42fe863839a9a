package org.jdml.dataset.glyphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Font;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GlyphRendererTest {

    static final Path MICROHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    static Font face;

    @BeforeAll
    static void loadFace() throws Exception {
        assumeTrue(Files.isRegularFile(MICROHEI), "fonts-wqy-microhei is not installed (" + MICROHEI + ")");
        face = Font.createFonts(MICROHEI.toFile())[0];
        assertThat(face.getFontName(java.util.Locale.ROOT)).isEqualTo("WenQuanYi Micro Hei");
    }

    @Test
    void yongFromMicroHeiHasItsPixelChecksum() {
        byte[] image = new GlyphRenderer(48, 0.8).render(face, '永');
        CRC32 crc = new CRC32();
        crc.update(image);
        // pinned from this renderer on OpenJDK 17: a change here changes every GLYPHS-ZS image
        assertThat(Long.toHexString(crc.getValue())).isEqualTo("194bb7e7");
    }

    @Test
    void theGlyphIsCentredAndFillsAboutEightyPercent() {
        byte[] image = new GlyphRenderer(48, 0.8).render(face, '永');
        int top = 48, bottom = -1, left = 48, right = -1;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                if (image[y * 48 + x] != 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        assertThat((top + bottom) / 2.0).isCloseTo(23.5, org.assertj.core.data.Offset.offset(1.0));
        assertThat((left + right) / 2.0).isCloseTo(23.5, org.assertj.core.data.Offset.offset(1.0));
        // an em of 38.4 px; the ink of 永 spans most of it
        assertThat(bottom - top + 1).isBetween(30, 40);
        assertThat(right - left + 1).isBetween(30, 40);
    }

    @Test
    void renderingTwiceOrWithAnotherRendererGivesTheSameBytes() {
        GlyphRenderer renderer = new GlyphRenderer(48, 0.8);
        byte[] first = renderer.render(face, '永');
        renderer.render(face, '啊');
        assertThat(renderer.render(face, '永')).isEqualTo(first);
        assertThat(new GlyphRenderer(48, 0.8).render(face, '永')).isEqualTo(first);
    }

    @Test
    void theIdeographicSpaceIsBlank() {
        assertThat(face.canDisplay('\u3000')).isTrue();
        assertThat(GlyphImages.isBlank(new GlyphRenderer(48, 0.8).render(face, '\u3000'))).isTrue();
    }
}
