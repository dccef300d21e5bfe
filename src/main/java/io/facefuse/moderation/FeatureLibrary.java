package io.facefuse.moderation;

import io.facefuse.clients.TraceRecorder;
import io.facefuse.images.PerceptualHash;
import io.facefuse.models.RgbImage;
import io.facefuse.problem.ApiException;
import io.facefuse.problem.ErrorCode;
import io.facefuse.security.Caller;
import io.facefuse.trace.TraceEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The feature library (特征库, seed 000 §3.2(4)): known faces and images that must not be processed.
 * Lookups run against an in-memory snapshot ({@link FaceIndex} for faces, pHashes for images). Every
 * change bumps a database sequence; each lookup reads it (one cheap query) and reloads the snapshot
 * when another instance or this one has changed the library, so all instances agree at once.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "facefuse.function", stringValue = "fusion", enableIfMissing = true)
@UnlessBuildProperty(name = "facefuse.function", stringValue = "labelling", enableIfMissing = true)
public class FeatureLibrary {

    /** An entry that an image or one of its faces matched. */
    public record Match(UUID entryId, FeatureEntry.Kind kind, FeatureEntry.Category category, String label,
                        double distance, double threshold) {
    }

    /** What the lookups use, as of one version of the library. */
    record Snapshot(long version, FaceIndex faces, UUID[] imageIds, long[] hashes, long[] mirrors, int[] imageThresholds,
                    Map<UUID, FeatureEntry> entries) {
    }

    private final TraceRecorder trace;
    private final ModerationConfig config;
    private volatile Snapshot snapshot = new Snapshot(-1, FaceIndex.empty(), new UUID[0], new long[0], new long[0],
            new int[0], Map.of());

    FeatureLibrary(TraceRecorder trace, ModerationConfig config) {
        this.trace = trace;
        this.config = config;
    }

    /** Matches for the faces' embeddings and the image's hashes, against the current library. */
    public Uni<List<Match>> lookup(List<float[]> embeddings, long hash, long mirror) {
        return current().map(library -> {
            List<Match> matches = new ArrayList<>();
            for (float[] embedding : embeddings) {
                FaceIndex.Nearest nearest = library.faces().nearest(FaceIndex.quantize(embedding));
                if (nearest.matches()) {
                    FeatureEntry entry = library.entries().get(nearest.entry());
                    matches.add(new Match(entry.id, entry.kind, entry.category, entry.label,
                            round(nearest.similarity()), nearest.threshold()));
                }
            }
            for (int i = 0; i < library.imageIds().length; i++) {
                int distance = Math.min(PerceptualHash.distance(hash, library.hashes()[i]),
                        PerceptualHash.distance(hash, library.mirrors()[i]));
                if (distance <= library.imageThresholds()[i]) {
                    FeatureEntry entry = library.entries().get(library.imageIds()[i]);
                    matches.add(new Match(entry.id, entry.kind, entry.category, entry.label, distance, entry.threshold));
                }
            }
            return matches;
        });
    }

    public Uni<FeatureEntry> addFace(float[] embedding, FeatureEntry.Category category, String label, String reason,
                                     Double threshold, Caller operator) {
        FeatureEntry entry = newEntry(FeatureEntry.Kind.face, category, label, reason,
                threshold == null ? config.library().faceThreshold() : threshold, operator);
        entry.embedding = FaceIndex.quantize(embedding);
        return persist(entry, operator);
    }

    public Uni<FeatureEntry> addImage(RgbImage image, FeatureEntry.Category category, String label, String reason,
                                      Double threshold, Caller operator) {
        FeatureEntry entry = newEntry(FeatureEntry.Kind.image, category, label, reason,
                threshold == null ? config.library().imageThreshold() : threshold, operator);
        PerceptualHash.Hashes hashes = PerceptualHash.both(image);
        entry.phash = hashes.hash();
        entry.phashMirror = hashes.mirror();
        return persist(entry, operator);
    }

    public Uni<FeatureEntry> retire(UUID id, String reason, Caller operator) {
        return Panache.withTransaction(() -> FeatureEntry.<FeatureEntry>findById(id).flatMap(entry -> {
            if (entry == null) {
                throw new ApiException(ErrorCode.FeatureEntryNotFound, "entry " + id);
            }
            if (entry.retiredAt != null) {
                return Uni.createFrom().item(entry);
            }
            entry.retiredAt = now();
            entry.retiredBy = operator.actor();
            entry.retireReason = reason;
            return bumpVersion().replaceWith(entry);
        })).call(entry -> trace.record(TraceEvent.of(operator.actor(), null, null, "feature.retire", "ok",
                "entry " + entry.id + ": " + reason)));
    }

    public Uni<List<FeatureEntry>> list(FeatureEntry.Category category, boolean includeRetired) {
        String query = (includeRetired ? "1 = 1" : "retiredAt is null") + (category == null ? "" : " and category = ?1")
                + " order by addedAt desc";
        return Panache.withSession(() -> category == null ? FeatureEntry.<FeatureEntry>list(query)
                : FeatureEntry.<FeatureEntry>list(query, category));
    }

    private Uni<FeatureEntry> persist(FeatureEntry entry, Caller operator) {
        return Panache.withTransaction(() -> entry.<FeatureEntry>persist().call(this::bumpVersion))
                .call(saved -> trace.record(TraceEvent.of(operator.actor(), null, null, "feature.add", "ok",
                        saved.kind + " entry " + saved.id + " (" + saved.category + "): " + saved.reason)));
    }

    private static FeatureEntry newEntry(FeatureEntry.Kind kind, FeatureEntry.Category category, String label,
                                         String reason, double threshold, Caller operator) {
        FeatureEntry entry = new FeatureEntry();
        entry.id = UUID.randomUUID();
        entry.kind = kind;
        entry.category = category;
        entry.label = label;
        entry.reason = reason;
        entry.threshold = threshold;
        entry.addedBy = operator.actor();
        entry.addedAt = now();
        return entry;
    }

    private Uni<Object> bumpVersion() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select nextval('feature_library_version')").getSingleResult());
    }

    /** The snapshot for the library's current version, reloading it when the version moved. */
    Uni<Snapshot> current() {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select case when is_called then last_value else 0 end from feature_library_version")
                .getSingleResult()).flatMap(value -> {
                    long version = ((Number) value).longValue();
                    Snapshot loaded = snapshot;
                    if (loaded.version() == version) {
                        return Uni.createFrom().item(loaded);
                    }
                    return FeatureEntry.<FeatureEntry>list("retiredAt is null").map(entries -> {
                        Snapshot fresh = build(version, entries);
                        snapshot = fresh;
                        return fresh;
                    });
                }));
    }

    static Snapshot build(long version, List<FeatureEntry> entries) {
        List<FeatureEntry> faces = entries.stream().filter(e -> e.kind == FeatureEntry.Kind.face).toList();
        List<FeatureEntry> images = entries.stream().filter(e -> e.kind == FeatureEntry.Kind.image).toList();
        byte[] vectors = new byte[faces.size() * FaceIndex.DIMENSIONS];
        UUID[] faceIds = new UUID[faces.size()];
        double[] thresholds = new double[faces.size()];
        Map<UUID, FeatureEntry> byId = new HashMap<>();
        for (int i = 0; i < faces.size(); i++) {
            FeatureEntry face = faces.get(i);
            System.arraycopy(face.embedding, 0, vectors, i * FaceIndex.DIMENSIONS, FaceIndex.DIMENSIONS);
            faceIds[i] = face.id;
            thresholds[i] = face.threshold;
            byId.put(face.id, face);
        }
        UUID[] imageIds = new UUID[images.size()];
        long[] hashes = new long[images.size()];
        long[] mirrors = new long[images.size()];
        int[] imageThresholds = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            FeatureEntry image = images.get(i);
            imageIds[i] = image.id;
            hashes[i] = image.phash;
            mirrors[i] = image.phashMirror;
            imageThresholds[i] = (int) image.threshold;
            byId.put(image.id, image);
        }
        return new Snapshot(version, new FaceIndex(vectors, faceIds, thresholds), imageIds, hashes, mirrors,
                imageThresholds, byId);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
