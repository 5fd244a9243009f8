/**
 * Auto-configuration of gRPC clients: the channel factory, channels from {@code
 * grpckit.client.channel.<name>.*}, stub injection, name resolvers and call credentials.
 */
@NullMarked
package io.grpckit.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
