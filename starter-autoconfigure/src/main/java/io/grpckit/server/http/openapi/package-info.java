/**
 * The transcoded routes in springdoc's OpenAPI document ({@code /v3/api-docs}): one operation per
 * {@code google.api.http} rule, with schemas derived from the protobuf messages.
 */
@NullMarked
package io.grpckit.server.http.openapi;

import org.jspecify.annotations.NullMarked;
