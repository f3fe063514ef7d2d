export { type DeliveryOptions, NotificationDelivery, notificationMessage, staffUserIds } from './delivery.ts';
export { type QuietHours, quietHoursEnd } from './quiet-hours.ts';
