/**
 * Checks of configuration property values at binding, shared by every properties class of
 * the kit. Public only because Java needs it across packages; not API, may change without
 * notice.
 */
@NullMarked
package io.grpckit.internal.properties;

import org.jspecify.annotations.NullMarked;
