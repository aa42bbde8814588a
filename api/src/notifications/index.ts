/**
 * Notifications of what changed for my organisation: the list over HTTP. The indexer writes them
 * (notification-inbox.ts, wired into the indexer by platform.ts).
 */
import type { DomainModuleFactory } from "../domain/module";
import { notificationRoutes } from "./notification.routes";
import { NotificationRepository } from "./notification.repository";
import { NotificationService } from "./notification.service";

export const notificationsModule: DomainModuleFactory = (ctx) => ({
  name: "notifications",
  routes: notificationRoutes(ctx.guard, new NotificationService(new NotificationRepository(ctx.platform.db.prisma), ctx.clock)),
});
