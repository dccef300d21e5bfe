package io.facefuse.labelling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The implicit metadata label of GB 45438-2025 Annex E: one JSON object under {@code AIGC}, every
 * value a string. {@code ReservedCode1} carries facefuse's signature over the record and the file
 * without its XMP ({@link MetadataLabel#withoutXmp}); on first write the propagator fields equal the
 * producer's.
 */
public record AigcRecord(String label, String contentProducer, String produceId, String reservedCode1,
                         String contentPropagator, String propagateId, String reservedCode2) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record for content facefuse produced: "1" is AI-generated. */
    public static AigcRecord produced(String producer, String contentId) {
        return new AigcRecord("1", producer, contentId, "", producer, contentId, "");
    }

    public AigcRecord signed(String signature) {
        return new AigcRecord(label, contentProducer, produceId, signature, contentPropagator, propagateId, reservedCode2);
    }

    /** The fields the signature covers, in a fixed order, each length-prefixed. */
    String signedFields() {
        StringBuilder out = new StringBuilder();
        for (String field : new String[]{label, contentProducer, produceId, contentPropagator, propagateId}) {
            out.append(field.length()).append(':').append(field).append('\n');
        }
        return out.toString();
    }

    /** The JSON string as the standard shows it, keys in its order. */
    public String toJson() {
        ObjectNode aigc = JSON.createObjectNode();
        aigc.put("Label", label).put("ContentProducer", contentProducer).put("ProduceID", produceId)
                .put("ReservedCode1", reservedCode1).put("ContentPropagator", contentPropagator)
                .put("PropagateID", propagateId).put("ReservedCode2", reservedCode2);
        ObjectNode root = JSON.createObjectNode();
        root.set("AIGC", aigc);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a record; null when the text is not an AIGC record. */
    public static AigcRecord parse(String json) {
        try {
            JsonNode aigc = JSON.readTree(json).path("AIGC");
            if (!aigc.isObject()) {
                return null;
            }
            return new AigcRecord(text(aigc, "Label"), text(aigc, "ContentProducer"), text(aigc, "ProduceID"),
                    text(aigc, "ReservedCode1"), text(aigc, "ContentPropagator"), text(aigc, "PropagateID"),
                    text(aigc, "ReservedCode2"));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}
