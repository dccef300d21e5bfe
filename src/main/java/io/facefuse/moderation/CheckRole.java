package io.facefuse.moderation;

/** What an image is to the request that brings it: each role runs the checks that matter for it. */
public enum CheckRole {
    /** A user's own photo: one usable face (the largest) is needed. */
    user_photo,
    /** An app's template: at least one usable face, at most the policy's maximum. */
    template,
    /** A synthesized result: content, minors and the feature library; face quality is not its concern. */
    output
}
