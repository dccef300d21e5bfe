/**
 * What the functions need from AWS once deployed: their configuration from Secrets Manager at
 * start ({@link io.facefuse.aws.SecretsConfigSourceFactory}) and SigV4 signatures on the calls
 * they make to each other's IAM-authenticated function URLs ({@link io.facefuse.aws.SigV4Signing}).
 * Elsewhere (dev, tests, a long-running server) none of it is active.
 */
package io.facefuse.aws;
