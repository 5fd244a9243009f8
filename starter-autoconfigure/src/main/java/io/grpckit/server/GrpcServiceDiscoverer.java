package io.grpckit.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpckit.GlobalInterceptors;
import io.grpckit.GlobalInterceptors.OrderedInterceptor;
import io.grpckit.server.interceptor.GlobalServerInterceptor;
import io.grpckit.server.internal.DuplicateGrpcServiceException;
import io.grpckit.server.internal.UnparsableRequestMapping;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds the services to serve: every {@link BindableService} bean, with its
 * {@link GrpcService @GrpcService} interceptors inside the
 * {@link GlobalServerInterceptor global} ones.
 */
public class GrpcServiceDiscoverer {

	private final ListableBeanFactory beanFactory;

	public GrpcServiceDiscoverer(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Return every service, with its interceptors applied.
	 * @return the service definitions
	 */
	public List<ServerServiceDefinition> findServices() {
		List<ServerInterceptor> global = globalInterceptors();
		List<ServerServiceDefinition> definitions = new ArrayList<>();
		Map<String, String> beanByService = new HashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(BindableService.class)) {
			BindableService service = this.beanFactory.getBean(beanName, BindableService.class);
			ServerServiceDefinition definition = service.bindService();
			String serviceName = definition.getServiceDescriptor().getName();
			String other = beanByService.putIfAbsent(serviceName, beanName);
			if (other != null) {
				// grpc-java would silently serve only the last one
				throw new DuplicateGrpcServiceException(serviceName, other, beanName);
			}
			definition = ServerInterceptors.interceptForward(definition, serviceInterceptors(beanName));
			definition = ServerInterceptors.interceptForward(definition, global);
			definitions.add(UnparsableRequestMapping.wrap(definition));
		}
		return definitions;
	}

	/**
	 * Return the global interceptors, outermost first.
	 * @return the global interceptors
	 */
	public List<ServerInterceptor> globalInterceptors() {
		return orderedGlobalInterceptors().stream().map(OrderedInterceptor::interceptor).toList();
	}

	/**
	 * Return the global interceptors with their orders, outermost first.
	 * @return the global interceptors and their orders
	 */
	public List<OrderedInterceptor<ServerInterceptor>> orderedGlobalInterceptors() {
		return GlobalInterceptors.find(this.beanFactory, GlobalServerInterceptor.class, ServerInterceptor.class);
	}

	/**
	 * Return the gRPC methods marked {@link NonBlocking @NonBlocking}, by full method name.
	 * @return the full names of the methods to run on the transport threads
	 * @throws IllegalStateException if the annotation is on a method that serves no gRPC
	 * method
	 */
	public Set<String> nonBlockingMethods() {
		Set<String> methods = new HashSet<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(BindableService.class)) {
			methods.addAll(NonBlockingMethods.of(beanName, this.beanFactory.getBean(beanName, BindableService.class)));
		}
		return Set.copyOf(methods);
	}

	/**
	 * Return the name of the bean implementing each service, e.g. to look up its
	 * {@link #serviceInterceptors(String) own interceptors}.
	 * @return bean names by full service name
	 */
	public Map<String, String> serviceBeanNames() {
		Map<String, String> beanByService = new HashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(BindableService.class)) {
			BindableService service = this.beanFactory.getBean(beanName, BindableService.class);
			beanByService.put(service.bindService().getServiceDescriptor().getName(), beanName);
		}
		return beanByService;
	}

	/**
	 * Return the interceptors named by a service's {@link GrpcService @GrpcService}, in
	 * declaration order: classes first, then bean names.
	 * @param beanName the name of the service bean
	 * @return the service's own interceptors, outermost first
	 */
	public List<ServerInterceptor> serviceInterceptors(String beanName) {
		GrpcService annotation = this.beanFactory.findAnnotationOnBean(beanName, GrpcService.class);
		if (annotation == null) {
			return List.of();
		}
		List<ServerInterceptor> interceptors = new ArrayList<>();
		for (Class<? extends ServerInterceptor> type : annotation.interceptors()) {
			ServerInterceptor bean = this.beanFactory.getBeanProvider(type).getIfUnique();
			interceptors.add((bean != null) ? bean : BeanUtils.instantiateClass(type));
		}
		for (String interceptorName : annotation.interceptorNames()) {
			interceptors.add(this.beanFactory.getBean(interceptorName, ServerInterceptor.class));
		}
		return interceptors;
	}

}
