package org.jdml.dataset.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.jdml.dataset.ImageFixtures;
import org.junit.jupiter.api.Test;

class RgbImageTest {

    @Test
    void greyIsRepeatedIntoRedGreenAndBlueUnchanged() {
        RgbImage image = RgbImage.of(ImageFixtures.grey(3, 2, 77));
        assertThat(image.rgb).containsOnly(77 << 16 | 77 << 8 | 77);
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() {
        BufferedImage grey16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 65535);
        grey16.getRaster().setSample(1, 0, 0, 257 * 100);
        RgbImage image = RgbImage.of(grey16);
        assertThat(image.rgb[0]).isEqualTo(0xFFFFFF);
        assertThat(image.rgb[1]).isEqualTo(100 << 16 | 100 << 8 | 100);
        assertThat(image.rgb[2]).isZero();
    }

    @Test
    void alphaIsDropped() {
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80123456);
        assertThat(RgbImage.of(argb).rgb[0]).isEqualTo(0x123456);
    }

    @Test
    void directBufferReadsAgreeWithTheColourModelAlsoForSubImages() {
        BufferedImage noise = ImageFixtures.noise(9, 7, 5);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_BGR}) {
            BufferedImage image = new BufferedImage(9, 7, type);
            image.getGraphics().drawImage(noise, 0, 0, null);
            for (BufferedImage view : new BufferedImage[] {image, image.getSubimage(2, 1, 5, 4)}) {
                int[] expected = view.getRGB(0, 0, view.getWidth(), view.getHeight(), null, 0, view.getWidth());
                for (int i = 0; i < expected.length; i++) {
                    expected[i] &= 0xFFFFFF;
                }
                assertThat(RgbImage.of(view).rgb).as("type %d, %dx%d", type, view.getWidth(), view.getHeight())
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void theWholeImageAtItsOwnSizeIsUnchanged() {
        BufferedImage noise = ImageFixtures.noise(6, 6, 3);
        RgbImage image = RgbImage.of(noise);
        assertThat(image.resample(0, 0, 6, 6, 6)).containsExactly(image.rgb);
    }

    @Test
    void anIntegerCropAtItsOwnSizeIsTheSubImage() {
        RgbImage image = RgbImage.of(ImageFixtures.noise(7, 5, 4));
        int[] crop = image.resample(2, 1, 3, 3, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(crop[y * 3 + x]).isEqualTo(image.rgb[(y + 1) * 7 + x + 2]);
            }
        }
    }

    @Test
    void aUniformImageStaysUniformAtEveryScaleIncludingItsEdges() {
        RgbImage image = RgbImage.of(ImageFixtures.solid(37, 23, 0x336699));
        for (int size : new int[] {3, 8, 20, 64}) {
            assertThat(image.resample(1.5, 2.25, 30.5, 19, size)).containsOnly(0x336699);
        }
    }

    @Test
    void halvingAveragesTwoByTwoBlocks() {
        // columns alternate 0 and 200: a 4x downscale must give the average, 100, not an aliased 0 or 200
        BufferedImage stripes = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0 : 0xC8C8C8);
            }
        }
        int[] small = RgbImage.of(stripes).resample(0, 0, 16, 16, 4);
        assertThat(small).containsOnly(100 << 16 | 100 << 8 | 100);
    }

    @Test
    void bilinearUpscalingInterpolatesBetweenPixelCentres() {
        // two pixels, 0 and 100 (red): at 4x, output centres sit at source x = -0.375, -0.125, 0.125, 0.375
        // (clamped to 0 below), 0.625, 0.875, 1.125 (clamped to 1) ...
        BufferedImage two = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        two.setRGB(0, 0, 0);
        two.setRGB(1, 0, 100 << 16);
        int[] wide = RgbImage.of(two).resample(0, 0, 2, 1, 4);
        // output x=0: sx = 0 + 0.5 * 0.5 - 0.5 = -0.25 -> 0; x=1: 0.25 -> 25; x=2: 0.75 -> 75; x=3: 1.25 -> 100
        assertThat(new int[] {wide[0] >> 16, wide[1] >> 16, wide[2] >> 16, wide[3] >> 16}).containsExactly(0, 25, 75, 100);
    }
}
