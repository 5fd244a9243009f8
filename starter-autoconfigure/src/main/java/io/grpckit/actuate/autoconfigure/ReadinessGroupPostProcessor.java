package io.grpckit.actuate.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Adds a contributor to the {@code readiness} health group, whether Boot created the group
 * or the user configured it. Done here rather than with a property so that an app without
 * the contributor never fails Boot's group membership validation.
 */
class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor, Ordered {

	private static final String READINESS = "readiness";

	private final String member;

	ReadinessGroupPostProcessor(String member) {
		this.member = member;
	}

	@Override
	public int getOrder() {
		// Boot's probe groups post-processor is unordered (lowest); ours is registered after
		// it, and a stable sort keeps it there
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (readiness == null || readiness.isMember(this.member)) {
			return groups;
		}
		Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
		groups.getNames().forEach((name) -> named.put(name, groups.get(name)));
		named.put(READINESS, new WithMember(readiness, this.member));
		return HealthEndpointGroups.of(groups.getPrimary(), named);
	}

	private record WithMember(HealthEndpointGroup delegate, String member) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.member.equals(name) || this.delegate.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.delegate.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.delegate.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.delegate.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.delegate.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.delegate.getAdditionalPath();
		}

	}

}
