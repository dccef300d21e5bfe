package io.facefuse.problem;

/**
 * Every error facefuse answers, with its HTTP status. The names are the stable {@code code} of the
 * problem body: clients branch on them, so a name never changes meaning once released.
 */
public enum ErrorCode {
    // request shape
    BadRequest(400, "The request is malformed"),
    MalformedJson(400, "The request body is not valid JSON of the expected shape"),
    ValidationFailed(400, "The request has invalid fields"),
    PayloadTooLarge(413, "The request body is larger than allowed"),
    UnsupportedMediaType(415, "The request's content type is not accepted here"),
    NotAcceptable(406, "No acceptable representation"),
    NotFound(404, "No such resource"),
    MethodNotAllowed(405, "Method not allowed on this resource"),

    // authentication and standing of the caller
    SignatureMissing(401, "The request is not signed"),
    UnknownKeyId(401, "The key id is unknown or revoked"),
    InvalidSignature(401, "The request signature does not match"),
    RequestExpired(401, "The request timestamp is outside the allowed window"),
    NonceReused(401, "The request nonce was already used"),
    OperatorCredentialRequired(401, "An operator credential is required"),
    ServiceCredentialRequired(401, "A service credential is required"),
    AppFrozen(403, "The app is frozen"),
    AppSuspended(403, "The app is suspended"),
    AppTerminated(403, "The app is terminated"),
    RateLimited(429, "The app sent requests faster than its rate limit allows"),
    QuotaExceeded(429, "The app has used its daily quota"),
    InsufficientBalance(402, "The app's prepaid balance and free units do not cover this operation"),
    AccountInArrears(402, "The app's account is in arrears"),
    InlineTemplateNotAllowed(403, "No operator has allowed this app to send templates inline"),

    // images
    UnsupportedImageFormat(415, "The image format is not supported here"),
    ImageDecodeFailed(400, "The image could not be decoded"),
    ImageTooLarge(413, "The image has more pixels than allowed"),
    ImageTooSmall(400, "The image is too small to hold a face"),
    VisibleLabelRequired(403, "The visible AI label may not be switched off for this app"),

    // consent
    ConsentMissing(403, "The subject has not consented to this processing"),
    ConsentWithdrawn(403, "The subject has withdrawn consent"),
    NoticeNotAcknowledged(422, "The subject was not shown the required notices"),
    SubjectFrozen(403, "The subject is frozen: facefuse processes nothing of theirs"),

    // state
    AppNotFound(404, "No such app"),
    CredentialNotFound(404, "No such credential"),
    FeatureEntryNotFound(404, "No such feature library entry"),
    ReviewTaskNotFound(404, "No such review task"),
    TemplateNotFound(404, "No such template"),
    TemplateLimitReached(409, "The app has as many templates as it may keep"),
    TemplateNotApproved(409, "The template is not approved"),
    TemplateFaceIdNotFound(400, "The template has no usable face with that id"),
    ResultNotFound(404, "No such fusion result"),
    ResultExpired(410, "The fusion result has expired and was deleted"),
    IdempotencyKeyMismatch(422, "The idempotency key was used for a different request"),
    ResultTooLargeForInline(422, "The result is too large to return inline; ask for a stored result"),

    // fusion: a user photo that cannot be fused, as the cloud APIs name it
    NoFaceDetected(422, "No face was found in the photo"),
    FaceTooSmall(422, "The face is too small"),
    TooManyFaces(422, "The photo has more faces than allowed"),
    FaceAngleTooLarge(422, "The face is turned too far from the camera"),
    FaceTooBlurry(422, "The face is too blurry"),
    FaceRectInvalid(400, "No face lies in the given rectangle"),
    ModerationBlocked(422, "Moderation did not pass the image"),
    NoFaceInImage(422, "The image shows no face to enrol"),
    Conflict(409, "The request conflicts with the current state"),

    // dependencies
    DependencyUnavailable(503, "A facefuse function this request needs did not answer"),
    InternalError(500, "Internal error");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
