/**
 * The pieces shared by server and client: the request id of the call being handled, the
 * orders of the built-in interceptors ({@link io.grpckit.InterceptorOrder}) and the one
 * ordering of global interceptors ({@link io.grpckit.GlobalInterceptors}).
 */
@NullMarked
package io.grpckit;

import org.jspecify.annotations.NullMarked;
