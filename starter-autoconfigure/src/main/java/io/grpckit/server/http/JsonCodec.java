package io.grpckit.server.http;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
final class JsonCodec {
	JsonCodec(boolean a, boolean b, boolean c, boolean d) {}
	String print(MessageOrBuilder m) { try { return JsonFormat.printer().print(m); } catch (InvalidProtocolBufferException ex) { throw new IllegalStateException(ex); } }
	void merge(byte[] json, Message.Builder b) { try { JsonFormat.parser().merge(new String(json, java.nio.charset.StandardCharsets.UTF_8), b); } catch (InvalidProtocolBufferException ex) { throw new HttpBindingException(ex.getMessage()); } }
}
