package dev.coord.autoconfigure;

import java.time.Duration;

import dev.coord.core.CoordSettings;
import dev.coord.core.InvalidSettingException;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Turns {@link CoordProperties} into the engine's {@link CoordSettings}, filling the defaults that depend
 * on other values. {@code CoordSettings} checks the invariants.
 */
final class CoordSettingsFactory {

	private CoordSettingsFactory() {
	}

	static CoordSettings create(CoordProperties properties, Environment environment) {
		String application = environment.getProperty("spring.application.name");
		String cluster = properties.getCluster();
		if (!StringUtils.hasText(cluster)) {
			cluster = StringUtils.hasText(application) ? application : "default";
		}
		CoordProperties.Member member = properties.getMember();
		String memberId = member.getId();
		if (memberId == null) {
			memberId = DefaultMemberId.generate(application);
		}
		Duration ttl = member.getLeaseTtl();
		Duration renewDeadline = (member.getRenewDeadline() != null) ? member.getRenewDeadline() : ttl.dividedBy(2);
		Duration revokeTimeout = (member.getRevokeTimeout() != null) ? member.getRevokeTimeout() : ttl.dividedBy(4);
		long maxPayload = properties.getTask().getMaxPayload().toBytes();
		if (maxPayload > Integer.MAX_VALUE) {
			throw new InvalidSettingException("coord.task.max-payload", properties.getTask().getMaxPayload(),
					"etcd cannot store values that large", "Set it to at most a few megabytes, e.g. 256KB.");
		}
		return new CoordSettings(properties.getNamespace(), cluster, memberId, ttl, renewDeadline, revokeTimeout,
				member.getCapacity(), member.getLabels(), properties.getWorker().isEnabled(),
				properties.getWorker().getListenerThreads(), properties.getLeader().isEligible(),
				properties.getRebalance().getInterval(), properties.getRebalance().getDebounce(),
				properties.getRebalance().getMaxMoves(), properties.getRebalance().getMaxTxnOps(), maxPayload,
				properties.getShutdown().getDrainTimeout(), properties.getEtcd().getRequestTimeout());
	}

}
