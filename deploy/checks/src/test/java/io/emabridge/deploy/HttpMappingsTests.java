package io.emabridge.deploy;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint a controller of ours maps is in {@code docs/openapi.yaml}, with its
 * method and on the servers of the services that run it; and every documented endpoint
 * but the actuator's is served by a controller. The mappings are read the way Spring MVC
 * reads them at start-up, from the controller classes, without starting any service.
 */
class HttpMappingsTests {

	/**
	 * The ports (the {@code servers} of openapi.yaml) of the services whose code is in
	 * each package.
	 */
	private static final Map<String, Set<Integer>> PORTS = Map.of("io.emabridge.publisher.", Set.of(8080),
			"io.emabridge.provisioning.", Set.of(8081), "io.emabridge.usage.", Set.of(8082),
			// a library: its endpoints run in every worker that depends on it
			"io.emabridge.deadletters.", Set.of(8081, 8082));

	private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final Pattern PORT = Pattern.compile(":([0-9]+)$");

	private static final Map<Endpoint, Class<?>> SERVED = served();

	private static final Map<Endpoint, Set<Integer>> DOCUMENTED = documented();

	@Test
	void everyControllerMappingIsDocumented() {
		assertThat(SERVED).as("controller mappings found").hasSizeGreaterThanOrEqualTo(12);
		Map<Endpoint, Class<?>> undocumented = new TreeMap<>(SERVED);
		undocumented.keySet().removeAll(DOCUMENTED.keySet());

		assertThat(undocumented).as("endpoints served but missing from docs/openapi.yaml").isEmpty();
	}

	@Test
	void everyDocumentedEndpointIsServed() {
		Set<Endpoint> unserved = new TreeSet<>(DOCUMENTED.keySet());
		unserved
			.removeIf((endpoint) -> endpoint.path().equals("/actuator") || endpoint.path().startsWith("/actuator/"));
		unserved.removeAll(SERVED.keySet());

		assertThat(unserved).as("endpoints in docs/openapi.yaml that no controller serves").isEmpty();
	}

	@Test
	void everyEndpointIsDocumentedOnTheServicesThatRunIt() {
		SERVED.forEach((endpoint, controller) -> {
			if (DOCUMENTED.containsKey(endpoint)) {
				assertThat(DOCUMENTED.get(endpoint)).as("ports of %s (%s)", endpoint, controller.getSimpleName())
					.isEqualTo(ports(controller));
			}
		});
	}

	/**
	 * Registers every {@code @Controller} class under {@code io.emabridge} with a
	 * context, lazily so that none is created, and lets Spring MVC's own handler mapping
	 * collect their mappings: class and method annotations combined and placeholders
	 * resolved as in a running service.
	 */
	private static Map<Endpoint, Class<?>> served() {
		// every controller, whatever its @Conditional (the admin endpoints exist only
		// with
		// an admin token, in a servlet application): the question is what the code serves
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(MetadataReader reader) throws IOException {
				return reader.getAnnotationMetadata().isConcrete()
						&& new AnnotationTypeFilter(Controller.class).match(reader, getMetadataReaderFactory());
			}

		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		Map<Endpoint, Class<?>> endpoints = new TreeMap<>();
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			for (BeanDefinition controller : scanner.findCandidateComponents("io.emabridge")) {
				controller.setLazyInit(true);
				context.registerBeanDefinition(controller.getBeanClassName(), controller);
			}
			context.registerBean(RequestMappingHandlerMapping.class);
			context.refresh();
			context.getBean(RequestMappingHandlerMapping.class).getHandlerMethods().forEach((info, handler) -> {
				Class<?> controller = handler.getBeanType();
				// the servlet container's error dispatch (/error), not an endpoint to
				// call
				if (ErrorController.class.isAssignableFrom(controller)) {
					return;
				}
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				assertThat(methods).as("HTTP methods of %s", handler).isNotEmpty();
				for (String path : info.getPatternValues()) {
					for (RequestMethod method : methods) {
						endpoints.put(new Endpoint(method.name(), path), controller);
					}
				}
			});
		}
		return endpoints;
	}

	private static Map<Endpoint, Set<Integer>> documented() {
		Map<Endpoint, Set<Integer>> endpoints = new TreeMap<>();
		JsonNode paths = InterfaceDocs.OPENAPI.path("paths");
		for (String path : paths.propertyNames()) {
			JsonNode item = paths.path(path);
			JsonNode servers = item.has("servers") ? item.path("servers") : InterfaceDocs.OPENAPI.path("servers");
			Set<Integer> ports = new TreeSet<>();
			servers.forEach((server) -> ports.add(port(server.path("url").asString())));
			for (String key : item.propertyNames()) {
				if (OPERATIONS.contains(key)) {
					endpoints.put(new Endpoint(key.toUpperCase(Locale.ROOT), path), ports);
				}
			}
		}
		return endpoints;
	}

	private static Set<Integer> ports(Class<?> controller) {
		return PORTS.entrySet()
			.stream()
			.filter((entry) -> controller.getName().startsWith(entry.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					controller.getName() + " is in no package whose service is known here; add it to PORTS"));
	}

	private static int port(String url) {
		Matcher matcher = PORT.matcher(url);
		if (!matcher.find()) {
			throw new AssertionError("server " + url + " names no port");
		}
		return Integer.parseInt(matcher.group(1));
	}

	record Endpoint(String method, String path) implements Comparable<Endpoint> {

		@Override
		public int compareTo(Endpoint other) {
			int byPath = this.path.compareTo(other.path);
			return (byPath != 0) ? byPath : this.method.compareTo(other.method);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
