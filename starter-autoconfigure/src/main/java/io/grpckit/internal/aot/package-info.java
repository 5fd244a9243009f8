/**
 * Spring AOT support that concerns no single feature: runtime hints for the libraries the kit
 * drives. Public only because Java needs it across packages; not API, may change without
 * notice.
 */
@NullMarked
package io.grpckit.internal.aot;

import org.jspecify.annotations.NullMarked;
