package io.grpckit.kotlin

import io.grpc.Status
import io.grpc.StatusException
import io.grpckit.client.EnableGrpcClients
import io.grpckit.client.GrpcClient
import io.grpckit.client.autoconfigure.GrpcClientAutoConfiguration
import io.grpckit.kotlin.proto.GreetReply
import io.grpckit.kotlin.proto.GreetRequest
import io.grpckit.kotlin.proto.GreetingGrpcKt
import io.grpckit.server.GrpcService
import io.grpckit.server.autoconfigure.GrpcServerAutoConfiguration
import io.grpckit.server.error.GrpcAdvice
import io.grpckit.server.error.GrpcExceptionHandler
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.catchThrowableOfType
import org.junit.jupiter.api.Test
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration

/**
 * grpc-kotlin end to end, in process: a `GreetingCoroutineImplBase` bean is served like any
 * service, `@GrpcClient` injects `GreetingCoroutineStub` (a stub with a constructor, not a
 * factory method) into fields and constructor parameters, and exceptions of suspending
 * service code reach the `@GrpcAdvice` rather than arriving as UNKNOWN.
 */
class CoroutineStubsIntegrationTests {

	private val runner = ApplicationContextRunner()
		.withConfiguration(
			AutoConfigurations.of(GrpcServerAutoConfiguration::class.java, GrpcClientAutoConfiguration::class.java))
		.withPropertyValues("grpckit.server.inprocess.name=coroutine-stubs", "grpckit.server.inprocess.exclusive=true",
			"grpckit.client.channel.greeting.target=in-process:coroutine-stubs")
		.withUserConfiguration(CoroutineApplication::class.java)

	@Test
	fun injectsCoroutineStubsIntoFieldsAndConstructorParameters() {
		this.runner.run { context ->
			val clients = context.getBean(CoroutineClients::class.java)
			call {
				assertThat(clients.field.greet(request("field")).message).isEqualTo("hello field")
				assertThat(clients.constructor.greet(request("constructor")).message).isEqualTo("hello constructor")
				val indexes = clients.field.greetMany(request("many", 3)).map { it.index }.toList()
				assertThat(indexes).containsExactly(0, 1, 2)
			}
			assertThat(clients.field.channel).isSameAs(clients.constructor.channel)
		}
	}

	@Test
	fun enableGrpcClientsRegistersCoroutineStubBeans() {
		this.runner.withUserConfiguration(EnabledCoroutineClients::class.java).run { context ->
			assertThat(context).hasBean("greeting.GreetingCoroutineStub")
			val stub = context.getBean("greeting.GreetingCoroutineStub", GreetingGrpcKt.GreetingCoroutineStub::class.java)
			call { assertThat(stub.greet(request("bean")).message).isEqualTo("hello bean") }
		}
	}

	@Test
	fun exceptionsOfCoroutineServicesGoThroughTheAdvice() {
		this.runner.run { context ->
			val stub = context.getBean(CoroutineClients::class.java).field
			// thrown at once, thrown after a suspension, and thrown in the middle of a Flow
			for (name in listOf("illegal", "suspended:illegal")) {
				val failure = catchThrowableOfType(StatusException::class.java) { call { stub.greet(request(name)) } }
				assertMappedByAdvice(failure.status)
			}
			val streamed = catchThrowableOfType(StatusException::class.java) {
				call { stub.greetMany(request("illegal", 3)).toList() }
			}
			assertMappedByAdvice(streamed.status)
		}
	}

	@Test
	fun unmappedExceptionsOfCoroutineServicesBecomeInternal() {
		this.runner.run { context ->
			val stub = context.getBean(CoroutineClients::class.java).field
			val failure = catchThrowableOfType(StatusException::class.java) { call { stub.greet(request("secret")) } }
			assertThat(failure.status.code).isEqualTo(Status.Code.INTERNAL)
			assertThat(failure.status.description).doesNotContain("secret")
		}
	}

	private fun assertMappedByAdvice(status: Status) {
		assertThat(status.code).isEqualTo(Status.Code.INVALID_ARGUMENT)
		assertThat(status.description).isEqualTo("mapped by advice: illegal")
	}

	private fun <T> call(block: suspend () -> T): T = runBlocking { withTimeout(10_000) { block() } }

	private fun request(name: String, count: Int = 0): GreetRequest =
		GreetRequest.newBuilder().setName(name).setCount(count).build()

	@Configuration(proxyBeanMethods = false)
	class CoroutineApplication {

		@Bean
		fun coroutineGreetingService() = CoroutineGreetingService()

		@Bean
		fun mappingAdvice() = MappingAdvice()

		@Bean
		fun coroutineClients(@GrpcClient("greeting") constructor: GreetingGrpcKt.GreetingCoroutineStub) =
			CoroutineClients(constructor)

	}

	@Configuration(proxyBeanMethods = false)
	@EnableGrpcClients(channel = "greeting", types = [GreetingGrpcKt.GreetingCoroutineStub::class])
	class EnabledCoroutineClients

	class CoroutineClients(val constructor: GreetingGrpcKt.GreetingCoroutineStub) {

		@GrpcClient("greeting")
		lateinit var field: GreetingGrpcKt.GreetingCoroutineStub

	}

	/**
	 * Answers "hello " + name; a name "illegal" fails with an IllegalArgumentException, "secret"
	 * with an IllegalStateException; "suspended:" fails after a suspension.
	 */
	@GrpcService
	class CoroutineGreetingService : GreetingGrpcKt.GreetingCoroutineImplBase() {

		override suspend fun greet(request: GreetRequest): GreetReply {
			var name = request.name
			if (name.startsWith("suspended:")) {
				delay(10)
				name = name.removePrefix("suspended:")
			}
			fail(name)
			return GreetReply.newBuilder().setMessage("hello $name").build()
		}

		override fun greetMany(request: GreetRequest): Flow<GreetReply> = flow {
			for (index in 0 until request.count) {
				if (index == 1) {
					fail(request.name)
				}
				emit(GreetReply.newBuilder().setMessage("hello ${request.name}").setIndex(index).build())
			}
		}

		private fun fail(name: String) {
			when (name) {
				"illegal" -> throw IllegalArgumentException(name)
				"secret" -> throw IllegalStateException(name)
			}
		}

	}

	@GrpcAdvice
	class MappingAdvice {

		@GrpcExceptionHandler
		fun illegalArgument(ex: IllegalArgumentException): Status =
			Status.INVALID_ARGUMENT.withDescription("mapped by advice: " + ex.message)

	}

}
