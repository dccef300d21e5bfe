/**
 * How one module becomes three functions. The build property {@code facefuse.function}
 * ({@code all}, {@code fusion}, {@code moderation}, {@code labelling}) decides at build time which
 * REST resources a build contains: each resource class carries two {@code @UnlessBuildProperty}
 * annotations naming the two functions it does not belong to, so it is present in its own
 * function's build and in {@code all}. The pom's enforcer rule refuses any other value.
 */
package io.facefuse.functions;
