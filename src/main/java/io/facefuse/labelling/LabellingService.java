package io.facefuse.labelling;

import io.facefuse.images.Images;
import io.facefuse.http.EventLoop;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.security.RequestSignature;
import io.facefuse.trace.HeldEntries;
import io.facefuse.trace.TraceEntryView;
import io.facefuse.trace.TraceEvent;
import io.facefuse.trace.TraceLog;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * Labels an image (visible label, then the signed metadata record) and writes the trace entry that
 * ties the new content id to the app and subject; inspects an image for the labels it carries.
 */
@ApplicationScoped
public class LabellingService {

    static final String SIGNATURE_PREFIX = "hmac-sha256:";
    private static final Base64.Encoder ID_TEXT = Base64.getUrlEncoder().withoutPadding();

    private final LabellingConfig config;
    private final TraceLog trace;
    private final HeldEntries held;
    private final SecureRandom random = new SecureRandom();
    private volatile Watermark watermark;

    LabellingService(LabellingConfig config, TraceLog trace, HeldEntries held) {
        this.config = config;
        this.trace = trace;
        this.held = held;
    }

    /**
     * What labelling asks: whether there is a visible label, where it goes and in which language,
     * optionally the app's logo (encoded) and the rectangle of the image it goes into, and the JPEG
     * quality of the labelled image (null: {@code facefuse.labelling.jpeg-quality}; a PNG stays PNG).
     */
    public record Options(boolean visible, VisibleLabel.Corner corner, VisibleLabel.Language language, byte[] logo,
                          java.awt.Rectangle logoArea, Float jpegQuality) {
    }

    /**
     * A labelled image and the id the trace log knows it by; {@code receipt}, where its trace entry is
     * held back until the output is released ({@link HeldEntries}), else null.
     */
    public record Labelled(byte[] image, MetadataLabel.Format format, String contentId, String receipt) {

        Labelled withReceipt(String heldEntry) {
            return new Labelled(image, format, contentId, heldEntry);
        }
    }

    /**
     * What an image carries: the metadata record and whether facefuse's signature on it holds; whether
     * the content was revoked (with the refutation of false information); and, for operators, the
     * trace entries of the content id.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inspection(VisibleLabel.Found visibleLabel, boolean watermarkPresent, boolean metadataPresent,
                             Boolean metadataSignatureValid, String contentId, String contentProducer, String label,
                             Boolean revoked, String refutation, List<TraceEntryView> trace) {

        public Inspection withRevocation(boolean isRevoked, String refutationNote) {
            return new Inspection(visibleLabel, watermarkPresent, metadataPresent, metadataSignatureValid, contentId,
                    contentProducer, label, isRevoked, refutationNote, trace);
        }

        public Inspection withTrace(List<TraceEntryView> entries) {
            return new Inspection(visibleLabel, watermarkPresent, metadataPresent, metadataSignatureValid, contentId,
                    contentProducer, label, revoked, refutation, entries);
        }
    }

    /** Labels an image and appends its {@code label.apply} entry to the trace log. */
    public Uni<Labelled> label(byte[] input, Options options, Caller caller, String subjectId) {
        // decoding and encoding are CPU work: off the event loop
        return EventLoop.offload(() -> render(input, options))
                .call(labelled -> trace.append(applied(input, labelled, options, caller, subjectId)));
    }

    /**
     * Labels an image whose release is not yet decided (the fusion function labels its output while
     * moderation checks it): its {@code label.apply} entry is not appended but signed into the answer's
     * receipt ({@link HeldEntries}), appended once the output leaves, and never if it does not.
     */
    public Uni<Labelled> labelHeld(byte[] input, Options options, Caller caller, String subjectId) {
        return EventLoop.offload(() -> {
            Labelled labelled = render(input, options);
            return labelled.withReceipt(held.issue(applied(input, labelled, options, caller, subjectId)));
        });
    }

    private static TraceEvent applied(byte[] input, Labelled labelled, Options options, Caller caller,
                                      String subjectId) {
        return new TraceEvent(caller.actor(), caller.appId(), subjectId, "label.apply",
                RequestSignature.sha256Hex(input), RequestSignature.sha256Hex(labelled.image()),
                labelled.contentId(), "ok", (options.visible() ? "visible " + options.language().wireName() + " "
                + options.corner().wireName() : "no visible label (exempt)") + "; watermark; metadata "
                + labelled.format().name().toLowerCase());
    }

    public Uni<Inspection> inspect(byte[] input) {
        return EventLoop.offload(() -> examine(input));
    }

    Labelled render(byte[] input, Options options) {
        MetadataLabel.Format format = MetadataLabel.formatOf(input);
        if (format == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, "labelling takes JPEG or PNG images");
        }
        BufferedImage image = Images.decode(input, config.maxPixels());
        if (options.logo() != null) {
            java.awt.Rectangle area = options.logoArea();
            if (area.x < 0 || area.y < 0 || area.width < 1 || area.height < 1
                    || area.x + area.width > image.getWidth() || area.y + area.height > image.getHeight()) {
                throw new ApiException(ErrorCode.ValidationFailed, "the logo rectangle must lie inside the "
                        + image.getWidth() + "x" + image.getHeight() + " image");
            }
            VisibleLabel.drawLogo(image, Images.decode(options.logo(), 4_000_000), area);
        }
        if (options.visible()) {
            VisibleLabel.draw(image, options.language(), options.corner()); // drawn last: a logo never covers it
        }
        // the content id is the watermark's 64-bit payload, so a stripped file still leads to its trace
        long payload = random.nextLong();
        String contentId = contentIdOf(payload);
        watermark().embed(image, payload);
        // labelling re-encodes what it is given: at the quality the caller asked for, or a caller who asked
        // for a small file got the default's size with the artefacts of its own quality as well
        float quality = options.jpegQuality() != null ? options.jpegQuality() : config.jpegQuality();
        byte[] encoded = Images.encode(image, format == MetadataLabel.Format.PNG, quality);
        AigcRecord record = AigcRecord.produced(producer(), contentId);
        // bound to the file as encoded, which is what MetadataLabel.withoutXmp gives a verifier back
        record = record.signed(SIGNATURE_PREFIX + sign(record, RequestSignature.sha256(encoded)));
        try {
            return new Labelled(MetadataLabel.write(encoded, record), format, contentId, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Inspection examine(byte[] input) {
        if (MetadataLabel.formatOf(input) == null) {
            throw new ApiException(ErrorCode.UnsupportedImageFormat, "inspection reads JPEG or PNG images");
        }
        BufferedImage image = Images.decode(input, config.maxPixels());
        VisibleLabel.Found visible = VisibleLabel.find(image);
        OptionalLong mark = watermark().detect(image);
        String watermarkContentId = mark.isPresent() ? contentIdOf(mark.getAsLong()) : null;
        AigcRecord record;
        try {
            record = MetadataLabel.read(input);
        } catch (IOException e) {
            record = null;
        }
        if (record == null) {
            // metadata stripped (most re-uploads): the watermark still names the content
            return new Inspection(visible, mark.isPresent(), false, null, watermarkContentId, null, null, null, null,
                    null);
        }
        boolean valid = false;
        if (record.reservedCode1().startsWith(SIGNATURE_PREFIX)) {
            try {
                String expected = sign(record, RequestSignature.sha256(MetadataLabel.withoutXmp(input)));
                valid = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        record.reservedCode1().substring(SIGNATURE_PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                valid = false; // its segments do not parse: nothing to verify against
            }
        }
        // the keyed watermark outranks a metadata record, which anyone can write
        return new Inspection(visible, mark.isPresent(), true, valid,
                watermarkContentId != null ? watermarkContentId : record.produceId(), record.contentProducer(),
                record.label(), null, null, null);
    }

    /** HMAC-SHA256 over the record's signed fields and the SHA-256 of the file without its XMP. */
    private String sign(AigcRecord record, byte[] fileDigest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            mac.update(record.signedFields().getBytes(StandardCharsets.UTF_8));
            mac.update(fileDigest);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Content ids are the watermark payload, 64 bits, written as "ffc_" and 11 base64url characters. */
    static String contentIdOf(long payload) {
        return "ffc_" + ID_TEXT.encodeToString(ByteBuffer.allocate(8).putLong(payload).array());
    }

    private Watermark watermark() {
        Watermark current = watermark;
        if (current == null) {
            current = new Watermark(Base64.getDecoder().decode(config.watermarkKey().orElseThrow(() -> new IllegalStateException(
                    "facefuse.labelling.watermark-key is not set: give it 32 random bytes, base64-encoded"))));
            watermark = current;
        }
        return current;
    }

    private byte[] key() {
        return Base64.getDecoder().decode(config.signingKey().orElseThrow(() -> new IllegalStateException(
                "facefuse.labelling.signing-key is not set: give it 32 random bytes, base64-encoded")));
    }

    private String producer() {
        return config.producerCode().orElseThrow(() -> new IllegalStateException(
                "facefuse.labelling.producer-code is not set: the provider code GB 45438 Annex E asks for"));
    }
}
