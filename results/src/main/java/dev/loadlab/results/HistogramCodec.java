package dev.loadlab.results;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/** HdrHistograms as text: their compressed encoding ({@code encodeIntoCompressedByteBuffer}) in base64. */
public final class HistogramCodec {
  private HistogramCodec() {
  }

  public static String encode(Histogram h) {
    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(b);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), n));
  }

  public static String encode(DoubleHistogram h) {
    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(b);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), n));
  }

  public static Histogram histogram(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("a histogram in the results is corrupt: " + e.getMessage(), e);
    }
  }

  public static DoubleHistogram doubleHistogram(String base64) {
    try {
      return DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("a histogram in the results is corrupt: " + e.getMessage(), e);
    }
  }
}
