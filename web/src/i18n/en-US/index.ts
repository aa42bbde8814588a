// English: the second language, chosen by the switch in the header. One file per area of the menu.
export { alerts } from "./alerts";
export { approvals } from "./approvals";
export { cash } from "./cash";
export { common } from "./common";
export { creditLines } from "./creditLines";
export { financing } from "./financing";
export { invoices } from "./invoices";
export { layout } from "./layout";
export { notifications } from "./notifications";
export { operator } from "./operator";
export { problems } from "./problems";
export { programs } from "./programs";
export { regulator } from "./regulator";
export { reports } from "./reports";
export { settlement } from "./settlement";
export { signin } from "./signin";
export { vouchers } from "./vouchers";
