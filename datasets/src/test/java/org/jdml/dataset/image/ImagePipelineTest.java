package org.jdml.dataset.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.jdml.dataset.ImageFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {

    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    @TempDir
    Path dir;

    static ImageSettings settings(int size, int resize, double minScale, double maxScale, double minRatio,
            double maxRatio, boolean flip) {
        return new ImageSettings(size, resize, minScale, maxScale, minRatio, maxRatio, flip, ImageSettings.ChannelOrder.RGB,
                ImageSettings.ValueRange.UNIT, MEAN, STD, 1, false);
    }

    private static float expected(int value, int channel) {
        return (float) ((value / 255.0 - MEAN[channel]) / STD[channel]);
    }

    @Test
    void pngAndJpegDecodeToNormalisedChwFloats() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(settings(4, 4, 0.08, 1, 0.75, 4.0 / 3, true));
        float[] out = new float[2 * 48];
        pipeline.load(ImageFixtures.write(dir.resolve("a.png"), ImageFixtures.solid(9, 7, 0x10_80_F0)), false,
                new Random(0), out, 0);
        pipeline.load(ImageFixtures.write(dir.resolve("b.jpg"), ImageFixtures.solid(9, 7, 0x10_80_F0)), true,
                new Random(0), out, 48);
        for (int i = 0; i < 16; i++) {
            assertThat(out[i]).isCloseTo(expected(0x10, 0), offset(1e-6f));
            assertThat(out[16 + i]).isCloseTo(expected(0x80, 1), offset(1e-6f));
            assertThat(out[32 + i]).isCloseTo(expected(0xF0, 2), offset(1e-6f));
            // JPEG is lossy: within a few grey levels
            assertThat(out[48 + i]).isCloseTo(expected(0x10, 0), offset((float) (4 / 255.0 / STD[0])));
            assertThat(out[80 + i]).isCloseTo(expected(0xF0, 2), offset((float) (4 / 255.0 / STD[2])));
        }
    }

    @Test
    void caffeInputIsBgrInEightBitUnits() throws IOException {
        // bninception's weights: B, G, R minus [104, 117, 128], values 0..255, std 1
        double[] mean = {104, 117, 128};
        ImagePipeline pipeline = new ImagePipeline(new ImageSettings(4, 4, 1, 1, 1, 1, false,
                ImageSettings.ChannelOrder.BGR, ImageSettings.ValueRange.BYTE, mean, new double[] {1, 1, 1}, 1, false));
        float[] out = new float[48];
        pipeline.load(ImageFixtures.write(dir.resolve("c.png"), ImageFixtures.solid(6, 6, 0x10_80_F0)), false,
                new Random(0), out, 0);
        for (int i = 0; i < 16; i++) {
            assertThat(out[i]).isEqualTo(0xF0 - 104f);
            assertThat(out[16 + i]).isEqualTo(0x80 - 117f);
            assertThat(out[32 + i]).isEqualTo(0x10 - 128f);
        }
    }

    @Test
    void greyscaleImagesBecomeThreeEqualChannels() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(settings(3, 3, 1, 1, 1, 1, false));
        float[] out = new float[27];
        pipeline.load(ImageFixtures.write(dir.resolve("g.png"), ImageFixtures.grey(5, 5, 90)), false, new Random(0),
                out, 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 9; i++) {
                assertThat(out[c * 9 + i]).isCloseTo(expected(90, c), offset(1e-6f));
            }
        }
    }

    @Test
    void cmykJpegsAreConvertedToRgb() throws IOException {
        // full magenta and yellow ink, no cyan or black: red
        Path red = ImageFixtures.cmykJpeg(dir.resolve("cmyk.jpg"), 8, 8, 0, 255, 255, 0);
        RgbImage image = ImagePipeline.decode(red);
        assertThat(image.width).isEqualTo(8);
        int p = image.rgb[4 * 8 + 4];
        assertThat(p >> 16 & 255).isGreaterThan(180);
        assertThat(p >> 8 & 255).isLessThan(90);
        assertThat(p & 255).isLessThan(90);
    }

    @Test
    void aFileThatIsNotAnImageFailsToLoad() throws IOException {
        ImagePipeline pipeline = new ImagePipeline(settings(3, 3, 1, 1, 1, 1, false));
        Path bad = ImageFixtures.corrupt(dir.resolve("bad.jpg"));
        assertThatThrownBy(() -> pipeline.load(bad, false, new Random(0), new float[27], 0)).isInstanceOf(IOException.class);
    }

    @Test
    void evaluationScalesTheShorterSideThenCutsTheCentre() {
        ImagePipeline pipeline = new ImagePipeline(settings(224, 256, 0.08, 1, 0.75, 4.0 / 3, true));
        // 500x375: shorter side 375 -> 256, factor 256/375; the 224 centre is 224*375/256 = 328.125 source pixels
        double[] crop = pipeline.centreCrop(500, 375);
        assertThat(crop[2]).isCloseTo(328.125, offset(1e-9));
        assertThat(crop[3]).isCloseTo(328.125, offset(1e-9));
        assertThat(crop[0]).isCloseTo((500 - 328.125) / 2, offset(1e-9));
        assertThat(crop[1]).isCloseTo((375 - 328.125) / 2, offset(1e-9));
    }

    @Test
    void randomCropsStayInsideTheImageAndWithinTheirRanges() {
        ImagePipeline pipeline = new ImagePipeline(settings(32, 32, 0.2, 0.6, 0.5, 2.0, true));
        Random random = new Random(7);
        int width = 120;
        int height = 80;
        for (int i = 0; i < 2000; i++) {
            double[] c = pipeline.randomResizedCrop(width, height, random);
            assertThat(c[0]).isGreaterThanOrEqualTo(0);
            assertThat(c[1]).isGreaterThanOrEqualTo(0);
            assertThat(c[0] + c[2]).isLessThanOrEqualTo(width);
            assertThat(c[1] + c[3]).isLessThanOrEqualTo(height);
            double share = c[2] * c[3] / (width * height);
            // rounding the sides to whole pixels moves the share and ratio a little
            assertThat(share).isBetween(0.18, 0.62);
            assertThat(c[2] / c[3]).isBetween(0.45, 2.1);
        }
    }

    @Test
    void aCropThatCannotFitFallsBackToTheLargestCentredCropWithinTheRatioRange() {
        // ratio range [3, 4] on a square image: no try fits... the fallback keeps the full width
        ImagePipeline pipeline = new ImagePipeline(settings(8, 8, 1, 1, 3, 4, false));
        double[] c = pipeline.randomResizedCrop(60, 60, new Random(1));
        assertThat(c).containsExactly(0, 20, 60, 20);
    }

    @Test
    void flippingMirrorsEachRow() {
        // scale and ratio fixed so the crop is the whole image; then only the flip is random
        ImagePipeline flipping = new ImagePipeline(settings(6, 6, 1, 1, 1, 1, true));
        RgbImage image = RgbImage.of(ImageFixtures.noise(6, 6, 9));
        float[] plain = new float[108];
        new ImagePipeline(settings(6, 6, 1, 1, 1, 1, false)).transform(image, false, new Random(0), plain, 0);
        int mirrored = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[] out = new float[108];
            flipping.transform(image, true, new Random(seed), out, 0);
            boolean same = java.util.Arrays.equals(out, plain);
            boolean flipped = true;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 6; x++) {
                        flipped &= out[c * 36 + y * 6 + x] == plain[c * 36 + y * 6 + 5 - x];
                    }
                }
            }
            assertThat(same ^ flipped).as("seed %d: either the image or its mirror", seed).isTrue();
            mirrored += flipped ? 1 : 0;
        }
        assertThat(mirrored).isBetween(8, 32);
    }

    @Test
    void theSameSeedGivesTheSameAugmentation() {
        ImagePipeline pipeline = new ImagePipeline(settings(16, 16, 0.08, 1, 0.75, 4.0 / 3, true));
        RgbImage image = RgbImage.of(ImageFixtures.noise(40, 30, 2));
        float[] a = new float[768];
        float[] b = new float[768];
        float[] c = new float[768];
        pipeline.transform(image, true, new Random(5), a, 0);
        pipeline.transform(image, true, new Random(5), b, 0);
        pipeline.transform(image, true, new Random(6), c, 0);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }
}
