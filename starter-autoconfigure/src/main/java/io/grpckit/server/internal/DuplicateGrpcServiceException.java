package io.grpckit.server.internal;

/**
 * Thrown when two beans implement the same gRPC service: grpc-java would silently serve
 * only one of them. Spring Boot's failure analysis explains it in a paragraph.
 */
public class DuplicateGrpcServiceException extends IllegalStateException {

	private final String serviceName;

	private final String firstBean;

	private final String secondBean;

	/**
	 * Create an exception.
	 * @param serviceName the full name of the service
	 * @param firstBean the name of one bean implementing it
	 * @param secondBean the name of the other
	 */
	public DuplicateGrpcServiceException(String serviceName, String firstBean, String secondBean) {
		super("gRPC service " + serviceName + " is implemented by two beans, '" + firstBean + "' and '" + secondBean
				+ "'; keep one");
		this.serviceName = serviceName;
		this.firstBean = firstBean;
		this.secondBean = secondBean;
	}

	/**
	 * Return the full name of the service.
	 * @return the service name
	 */
	public String getServiceName() {
		return this.serviceName;
	}

	/**
	 * Return the name of the first bean found implementing the service.
	 * @return the bean name
	 */
	public String getFirstBean() {
		return this.firstBean;
	}

	/**
	 * Return the name of the second bean found implementing the service.
	 * @return the bean name
	 */
	public String getSecondBean() {
		return this.secondBean;
	}

}
