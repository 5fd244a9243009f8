package io.grpckit.discovery.autoconfigure;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the address this machine registers: a non-loopback address of an interface that is
 * up, IPv4 and site-local first; loopback only when there is nothing else.
 */
final class HostAddresses {

	private HostAddresses() {
	}

	static String nonLoopback() {
		try {
			List<InetAddress> candidates = Collections.list(NetworkInterface.getNetworkInterfaces())
				.stream()
				.filter(HostAddresses::usable)
				.flatMap((nic) -> Collections.list(nic.getInetAddresses()).stream())
				.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
				.sorted(Comparator.comparing((InetAddress address) -> !(address instanceof Inet4Address))
					.thenComparing((address) -> !address.isSiteLocalAddress()))
				.toList();
			if (!candidates.isEmpty()) {
				return candidates.get(0).getHostAddress();
			}
		}
		catch (SocketException ex) {
			// fall through to loopback
		}
		return InetAddress.getLoopbackAddress().getHostAddress();
	}

	private static boolean usable(NetworkInterface nic) {
		try {
			return nic.isUp() && !nic.isLoopback() && !nic.isVirtual();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
