package io.facefuse.labelling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "facefuse.labelling")
public interface LabellingConfig {

    /**
     * The provider code written as ContentProducer (GB 45438 Annex E: built from the provider's
     * unified social credit code). REQUIRED IN PROD.
     */
    Optional<String> producerCode();

    /** Base64 key of the HMAC that signs metadata records. REQUIRED IN PROD (from Secrets Manager). */
    Optional<String> signingKey();

    /** Base64 key of the invisible watermark's patterns and tag. REQUIRED IN PROD (from Secrets Manager). */
    Optional<String> watermarkKey();

    /** Largest image, in pixels, that labelling decodes; checked before decoding. */
    @WithDefault("40000000")
    long maxPixels();

    /** JPEG quality of labelled output when the visible label forces a re-encode. */
    @WithDefault("0.92")
    float jpegQuality();
}
