package io.grpckit;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import com.google.protobuf.RuntimeVersion;
import io.grpc.internal.GrpcUtil;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM users import ({@code grpckit-dependencies}) names the grpc-java and protobuf versions
 * the kit is built and tested with. Those come from Spring Boot's parent, so the BOM repeats them;
 * this test fails when the two drift apart. Paths are relative to this module's directory.
 */
class DependenciesBomTests {

	private static final Path BOM = Path.of("../grpckit-dependencies/pom.xml");

	@Test
	void grpcVersionIsTheOneTheKitIsBuiltWith() throws Exception {
		assertThat(property("grpc.version")).isEqualTo(GrpcUtil.IMPLEMENTATION_VERSION);
	}

	@Test
	void protobufVersionIsTheOneTheKitIsBuiltWith() throws Exception {
		String runtime = RuntimeVersion.MAJOR + "." + RuntimeVersion.MINOR + "." + RuntimeVersion.PATCH
				+ RuntimeVersion.SUFFIX;
		assertThat(property("protobuf.version")).isEqualTo(runtime);
	}

	private static String property(String name) throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(BOM.toFile());
		Element properties = (Element) pom.getDocumentElement().getElementsByTagName("properties").item(0);
		return properties.getElementsByTagName(name).item(0).getTextContent().trim();
	}

}
