package io.grpckit.server.security;

import java.util.List;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpckit.InterceptorOrder;
import io.grpckit.RequestId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

/**
 * Authenticates every call and applies the {@link GrpcMethodRules}: the first reader that
 * finds credentials (bearer token, Basic, client certificate) hands them to the
 * {@link AuthenticationManager}; the method's rule then decides. Missing or bad credentials
 * close the call with UNAUTHENTICATED, a caller the rule does not admit with
 * PERMISSION_DENIED, both with a fixed description; the reason is logged at DEBUG. Admitted
 * calls run every callback with the caller's {@code SecurityContext}, so method security
 * ({@code @PreAuthorize}) works for unary and streaming calls.
 */
public class AuthenticationServerInterceptor implements ServerInterceptor, Ordered {

	static final Status UNAUTHENTICATED = Status.UNAUTHENTICATED.withDescription("Authentication required");

	static final Status DENIED = Status.PERMISSION_DENIED.withDescription("Access denied");

	private static final Log logger = LogFactory.getLog(AuthenticationServerInterceptor.class);

	private final List<GrpcAuthenticationReader> readers;

	private final AuthenticationManager authenticationManager;

	private final GrpcMethodRules rules;

	/**
	 * Create the interceptor.
	 * @param readers the credential readers, in order
	 * @param authenticationManager authenticates what the readers found
	 * @param rules the access rules
	 */
	public AuthenticationServerInterceptor(List<GrpcAuthenticationReader> readers,
			AuthenticationManager authenticationManager, GrpcMethodRules rules) {
		this.readers = List.copyOf(readers);
		this.authenticationManager = authenticationManager;
		this.rules = rules;
	}

	@Override
	public int getOrder() {
		return InterceptorOrder.SECURITY;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		Authentication authentication;
		try {
			authentication = authenticate(call, headers);
		}
		catch (AuthenticationException ex) {
			logger.debug(LogMessage.format("Authentication failed for %s [requestId=%s]: %s", method,
					RequestId.current(), ex.getMessage()));
			return refuse(call, UNAUTHENTICATED);
		}
		if (!this.rules.ruleFor(method).allows(authentication)) {
			boolean authenticated = GrpcMethodRule.isAuthenticated(authentication);
			logger.debug(LogMessage.format("%s denied to %s [requestId=%s]", method,
					authenticated ? authentication.getName() : "a caller without credentials", RequestId.current()));
			return refuse(call, authenticated ? DENIED : UNAUTHENTICATED);
		}
		SecurityContext context = new SecurityContextImpl(authentication);
		// streaming methods run inside startCall: the context must be set there too
		ServerCall.Listener<ReqT> listener = SecurityContextListener.runWithin(context,
				() -> next.startCall(call, headers));
		return new SecurityContextListener<>(listener, context);
	}

	private Authentication authenticate(ServerCall<?, ?> call, Metadata headers) {
		for (GrpcAuthenticationReader reader : this.readers) {
			Authentication request = reader.read(call, headers);
			if (request != null) {
				Authentication result = this.authenticationManager.authenticate(request);
				if (result == null || !result.isAuthenticated()) {
					throw new BadCredentialsException("Not authenticated");
				}
				return result;
			}
		}
		return new AnonymousAuthenticationToken("grpckit", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
	}

	private static <ReqT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, ?> call, Status status) {
		call.close(status, new Metadata());
		return new ServerCall.Listener<>() {
		};
	}

}
